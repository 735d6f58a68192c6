# -*- Python -*-
# lit configuration for leakguard. Loaded by the lit.site.cfg.py that CMake
# writes into <build>/test from lit.site.cfg.py.in; run lit on <build>/test.

import os
import shlex
import subprocess

import lit.formats

if not hasattr(config, "leakguard_source_dir"):
    lit_config.fatal(
        "no site configuration: run lit on the build directory's test/ "
        "folder (<build>/test), not on the source tree"
    )

config.name = "leakguard"
# lit's own shell: the same behaviour everywhere, with `not` and `env` built in.
config.test_format = lit.formats.ShTest(execute_external=False)
config.suffixes = [".cpp", ".c", ".test"]
# Inputs/ folders hold files that tests use, not tests.
config.excludes = ["Inputs", "unit", "CMakeLists.txt"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.leakguard_binary_dir, "test")

# FileCheck, not, count, clang++ of LLVM 19 come first on PATH.
config.environment["PATH"] = os.pathsep.join(
    [config.llvm_tools_dir, config.environment.get("PATH", "")]
)


def quote(path):
    return shlex.quote(path)


def is_executable(path):
    return os.path.isfile(path) and os.access(path, os.X_OK)


clang = os.path.join(config.llvm_tools_dir, "clang++")
check_script = os.path.join(config.test_source_root, "check_clang_tidy.py")

# The two ways of running the checks: the leakguard-tidy binary, and the
# plugin loaded by the stock clang-tidy. check_clang_tidy.py runs each one
# that is available and requires them to agree.
have_tidy = is_executable(config.leakguard_tidy)
have_plugin = os.path.isfile(config.leakguard_plugin) and is_executable(
    config.clang_tidy_19
)
tool_options = []
if have_tidy:
    config.available_features.add("leakguard-tidy")
    tool_options += ["--tidy", quote(config.leakguard_tidy)]
else:
    lit_config.warning(
        f"{config.leakguard_tidy} not found: checks run only through the plugin"
    )
if have_plugin:
    config.available_features.add("leakguard-plugin")
    tool_options += [
        "--plugin-host",
        quote(config.clang_tidy_19),
        "--plugin",
        quote(config.leakguard_plugin),
    ]
else:
    lit_config.warning(
        f"{config.leakguard_plugin} (or {config.clang_tidy_19}) not found: "
        "checks run only through leakguard-tidy"
    )
if not tool_options:
    lit_config.warning(
        "neither leakguard-tidy nor the plugin is built: check tests will fail"
    )
    tool_options = ["--tidy", quote(config.leakguard_tidy)]

python = quote(config.python3)
substitutions = {
    "%check_clang_tidy": " ".join(
        [python, quote(check_script), *tool_options, "--clang", quote(clang)]
    ),
    "%leakguard-tidy": quote(config.leakguard_tidy),
    "%clang_tidy_plugin": " ".join(
        [quote(config.clang_tidy_19), "--load=" + quote(config.leakguard_plugin)]
    ),
    "%clang_tidy_19": quote(config.clang_tidy_19),
    "%leakguard_src": quote(config.leakguard_source_dir),
    "%leakguard_plugin": quote(config.leakguard_plugin),
    "%expect_exit": " ".join([python, quote(os.path.join(config.test_source_root, "expect_exit.py"))]),
    "%leakguard": quote(config.leakguard_cli),
    "%clang": quote(clang),
    "%python": python,
}

# Another major version's clang-tidy, to test that the plugin refuses it.
clang_tidy_14 = "/usr/bin/clang-tidy-14"
if is_executable(clang_tidy_14):
    config.available_features.add("clang-tidy-14")
    substitutions["%clang_tidy_14"] = quote(clang_tidy_14)

# The official SARIF 2.1.0 schema, to validate `leakguard scan --format
# sarif` against: $LEAKGUARD_SARIF_SCHEMA, else ../shared/schemas/ next to the
# repository. The tests that need it (REQUIRES: sarif-schema) report
# UNSUPPORTED when it, or python3-jsonschema, is missing.
sarif_schema = os.environ.get("LEAKGUARD_SARIF_SCHEMA") or os.path.join(
    os.path.dirname(config.leakguard_source_dir.rstrip("/")),
    "shared", "schemas", "sarif-2.1.0.json",
)
have_jsonschema = (
    subprocess.call(
        [config.python3, "-c", "import jsonschema"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    == 0
)
if os.path.isfile(sarif_schema) and have_jsonschema:
    config.available_features.add("sarif-schema")
    substitutions["%sarif_schema"] = quote(sarif_schema)
elif not have_jsonschema:
    lit_config.note(
        f"{config.python3} cannot import jsonschema (python3-jsonschema): "
        "the SARIF schema validation tests are skipped (UNSUPPORTED)"
    )
else:
    lit_config.note(
        f"no SARIF schema at {sarif_schema} (set LEAKGUARD_SARIF_SCHEMA): "
        "the SARIF schema validation tests are skipped (UNSUPPORTED)"
    )

# clang-apply-replacements reads what `leakguard scan --export-fixes` writes.
clang_apply = os.path.join(config.llvm_tools_dir, "clang-apply-replacements")
if is_executable(clang_apply):
    config.available_features.add("clang-apply-replacements")
    substitutions["%clang_apply_replacements"] = quote(clang_apply)

# The compiler flags of Debian's -dev packages whose real headers the check
# tests include (GLib's live in two folders).
def pkg_cflags(package):
    try:
        return subprocess.run(["pkg-config", "--cflags", package],
                              capture_output=True, text=True,
                              check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return None
glib_cflags = pkg_cflags("glib-2.0")
if glib_cflags is not None:
    config.available_features.add("glib")
    substitutions["%glib_cflags"] = glib_cflags
sdl2_cflags = pkg_cflags("sdl2")
if sdl2_cflags is not None:
    config.available_features.add("sdl2")
    substitutions["%sdl2_cflags"] = sdl2_cflags

# lit applies substitutions in order: longer names first, so that %clang does
# not eat the start of %clang_tidy_plugin.
for name in sorted(substitutions, key=len, reverse=True):
    config.substitutions.append((name, substitutions[name]))
