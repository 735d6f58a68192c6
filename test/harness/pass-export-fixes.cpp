// -export-fixes writes clang-tidy's YAML where later RUN lines can read it.
// RUN: %stock_check_clang_tidy -export-fixes=%t.yaml %s misc-unused-parameters %t
// RUN: FileCheck --input-file=%t.yaml --check-prefix=YAML %s

int unusedName(int count) { return 0; }
// CHECK-MESSAGES: :[[@LINE-1]]:20: warning: parameter 'count' is unused [misc-unused-parameters]
// CHECK-FIXES: int unusedName(int  /*count*/) { return 0; }

// YAML: DiagnosticName: misc-unused-parameters
// YAML: ReplacementText: ' /*count*/'
