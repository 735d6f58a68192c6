//===--- ResourceModel.cpp - acquire/release pairs of C APIs --------------===//

#include "analysis/ResourceModel.h"
#include "analysis/LockModel.h"
#include "analysis/OptionLists.h"
#include "clang/AST/Expr.h"
#include "clang/AST/Type.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallVector.h"

using namespace clang;

namespace leakguard::analysis {

namespace {

ResourceApi api(std::vector<std::string> Acquirers,
                std::vector<std::string> Releasers, FailureTest Failure,
                std::vector<std::string> Borrowers = {},
                std::vector<std::string> Prefixes = {}) {
  ResourceApi Api;
  Api.Acquirers = std::move(Acquirers);
  Api.Releasers = std::move(Releasers);
  Api.Failure = Failure;
  Api.Borrowers = std::move(Borrowers);
  Api.BorrowerPrefixes = std::move(Prefixes);
  return Api;
}

ResourceApi outParam(ResourceApi Api, int Index) {
  Api.OutParam = Index;
  return Api;
}

const std::vector<std::string> StdioBorrowers = {
    "fread",   "fwrite",  "fprintf", "vfprintf",  "fscanf",   "vfscanf",
    "fgets",   "fgetc",   "getc",    "fputc",     "putc",     "fputs",
    "fflush",  "fseek",   "fseeko",  "ftell",     "ftello",   "rewind",
    "fileno",  "feof",    "ferror",  "clearerr",  "setvbuf",  "setbuf",
    "fgetpos", "fsetpos", "getline", "getdelim",  "ungetc",   "flockfile",
    "funlockfile", "fgetws", "fputws", "fwprintf"};

const std::vector<std::string> FdBorrowers = {
    "read",       "write",       "pread",       "pwrite",     "readv",
    "writev",     "send",        "recv",        "sendto",     "recvfrom",
    "sendmsg",    "recvmsg",     "fcntl",       "ioctl",      "fstat",
    "lseek",      "fsync",       "fdatasync",   "ftruncate",  "bind",
    "listen",     "connect",     "accept",      "accept4",    "setsockopt",
    "getsockopt", "getsockname", "getpeername", "shutdown",   "epoll_ctl",
    "epoll_wait", "flock",       "fchmod",      "fchown",     "dup2",
    "dup3",       "sendfile",    "splice",      "posix_fadvise",
    "fstatfs",    "inotify_add_watch", "timerfd_settime", "eventfd_read",
    "eventfd_write", "isatty",   "fdatasync"};

/// Calls that may take a malloc'ed block: a libmicrohttpd response given a
/// buffer with MHD_RESPMEM_MUST_FREE (or from_data's must_free) frees it;
/// with the other modes the block stays the caller's, which the model
/// cannot tell apart (it stays quiet).
const std::vector<std::string> HeapAdopters = {
    "MHD_create_response_from_buffer@1", "MHD_create_response_from_data@1"};

} // namespace

ResourceModel ResourceModel::heap() {
  ResourceModel Memory;
  ResourceApi Heap;
  Heap.Acquirers = {"malloc",        "calloc", "realloc",  "reallocarray",
                    "aligned_alloc", "valloc", "memalign", "pvalloc"};
  Heap.Releasers = {"free"};
  Heap.Failure = FailureTest::Null;
  // `p = realloc(p, n)` keeps one buffer.
  Heap.Accumulates = true;
  Heap.Adopters = HeapAdopters;
  Memory.add(std::move(Heap));
  // `if (posix_memalign(&p, align, n) != 0)`: the block comes out through
  // the first argument.
  ResourceApi Aligned;
  Aligned.Acquirers = {"posix_memalign"};
  Aligned.Releasers = {"free"};
  Aligned.Failure = FailureTest::NonZeroResult;
  Aligned.OutParam = 0;
  Memory.add(std::move(Aligned));
  return Memory;
}

ResourceModel ResourceModel::builtin() {
  ResourceModel Model;
  // C and POSIX.
  Model.add(api({"fopen", "fdopen", "tmpfile", "fmemopen", "open_memstream"},
                {"fclose"}, FailureTest::Null, StdioBorrowers));
  Model.add(api({"popen"}, {"pclose"}, FailureTest::Null, StdioBorrowers));
  // A libmicrohttpd response made from a descriptor closes it when it is
  // destroyed.
  ResourceApi Fd =
      api({"open", "openat", "creat", "socket", "accept", "accept4", "dup",
           "eventfd", "epoll_create", "epoll_create1", "timerfd_create",
           "inotify_init", "inotify_init1", "memfd_create", "signalfd"},
          {"close"}, FailureTest::Negative, FdBorrowers);
  Fd.Adopters = {"MHD_create_response_from_fd@1",
                 "MHD_create_response_from_fd64@1",
                 "MHD_create_response_from_fd_at_offset@1",
                 "MHD_create_response_from_fd_at_offset64@1",
                 "MHD_create_response_from_pipe@0"};
  Model.add(std::move(Fd));
  // Two descriptors through an array; the pair counts as released when
  // either end is closed (a handle is one variable).
  Model.add(outParam(api({"pipe", "pipe2"}, {"close"},
                         FailureTest::NonZeroResult, FdBorrowers),
                     0));
  Model.add(outParam(api({"socketpair"}, {"close"},
                         FailureTest::NonZeroResult, FdBorrowers),
                     3));
  Model.add(api({"opendir", "fdopendir"}, {"closedir"}, FailureTest::Null,
                {"readdir", "readdir_r", "dirfd", "rewinddir", "telldir",
                 "seekdir"}));
  Model.add(api({"mmap"}, {"munmap"}, FailureTest::MapFailed,
                {"msync", "madvise", "mprotect", "mlock", "munlock",
                 "memcpy", "memmove", "memset", "memcmp", "memchr"}));
  Model.add(api({"dlopen"}, {"dlclose"}, FailureTest::Null,
                {"dlsym", "dlerror", "dlinfo"}));
  Model.add(outParam(api({"getaddrinfo"}, {"freeaddrinfo"},
                         FailureTest::NonZeroResult),
                     3));
  Model.add(outParam(api({"regcomp"}, {"regfree"},
                         FailureTest::NonZeroResult, {"regexec", "regerror"}),
                     0));
  Model.add(api({"iconv_open"}, {"iconv_close"}, FailureTest::Negative,
                {"iconv"}));
  ResourceApi Strings =
      api({"strdup", "strndup"}, {"free"}, FailureTest::Null,
          {"strlen",   "strcmp",  "strncmp", "strchr",  "strrchr", "strstr",
           "strcpy",   "strncpy", "strcat",  "strncat", "printf",  "fprintf",
           "snprintf", "sprintf", "puts",    "fputs",   "atoi",    "atol",
           "strtol",   "strtoul", "strtod",  "memcpy"});
  Strings.Adopters = HeapAdopters;
  Model.add(std::move(Strings));

  // libcurl. Setting a handle as an option (CURLOPT_HTTPHEADER,
  // CURLOPT_MIMEPOST, CURLOPT_SHARE, CURLOPT_CURLU) or adding an easy handle
  // to a multi handle only lends it; curl_version_info, curl_version,
  // curl_easy_strerror, curl_multi_info_read and curl_pushheader_* give what
  // the library keeps.
  std::vector<std::string> Curl = {"curl_"};
  Model.add(api({"curl_easy_init", "curl_easy_duphandle"},
                {"curl_easy_cleanup"}, FailureTest::Null, {}, Curl));
  Model.add(api({"curl_multi_init"}, {"curl_multi_cleanup"},
                FailureTest::Null, {}, Curl));
  Model.add(api({"curl_share_init"}, {"curl_share_cleanup"}, FailureTest::Null,
                {}, Curl));
  Model.add(api({"curl_url", "curl_url_dup"}, {"curl_url_cleanup"},
                FailureTest::Null, {}, Curl));
  // A mime owns the parts it adds (curl_mime_addpart is no acquirer); a mime
  // set as a part's subparts belongs to the part.
  ResourceApi Mime =
      api({"curl_mime_init"}, {"curl_mime_free"}, FailureTest::Null, {}, Curl);
  Mime.Adopters = {"curl_mime_subparts@1"};
  Model.add(std::move(Mime));
  Model.add(api({"curl_easy_escape", "curl_easy_unescape", "curl_escape",
                 "curl_unescape", "curl_maprintf", "curl_mvaprintf",
                 "curl_getenv", "curl_multi_get_handles"},
                {"curl_free"}, FailureTest::Null, {}, Curl));
  Model.add(outParam(api({"curl_url_get"}, {"curl_free"},
                         FailureTest::NonZeroResult, {}, Curl),
                     2));
  // curl_mime_headers(part, list, take_ownership): given with a non-zero
  // take_ownership the list belongs to the part; with zero it stays the
  // caller's, which the model cannot tell apart (it stays quiet).
  ResourceApi Slist = api({"curl_slist_append"}, {"curl_slist_free_all"},
                          FailureTest::Null, {}, Curl);
  Slist.Accumulates = true;
  Slist.Adopters = {"curl_mime_headers@1"};
  Model.add(std::move(Slist));

  // libpq: a PGresult is the response body; a connection must be finished
  // even when connecting failed. PQerrorMessage, PQresultErrorMessage,
  // PQgetvalue and the other accessors give what the connection or the
  // result keeps.
  std::vector<std::string> Pq = {"PQ"};
  Model.add(api({"PQexec", "PQexecParams", "PQexecPrepared", "PQprepare",
                 "PQgetResult", "PQdescribePrepared", "PQdescribePortal",
                 "PQfn", "PQmakeEmptyPGresult", "PQcopyResult"},
                {"PQclear"}, FailureTest::Null, {}, Pq));
  Model.add(api({"PQconnectdb", "PQconnectdbParams", "PQsetdbLogin",
                 "PQconnectStart", "PQconnectStartParams"},
                {"PQfinish"}, FailureTest::None, {}, Pq));
  Model.add(api({"PQescapeLiteral", "PQescapeIdentifier", "PQescapeByteaConn",
                 "PQescapeBytea", "PQunescapeBytea", "PQencryptPasswordConn",
                 "PQencryptPassword", "PQnotifies"},
                {"PQfreemem"}, FailureTest::Null, {}, Pq));
  // A COPY row comes out only when the call returns its length.
  Model.add(outParam(api({"PQgetCopyData"}, {"PQfreemem"},
                         FailureTest::NonPositiveResult, {}, Pq),
                     1));
  Model.add(api({"PQconndefaults", "PQconninfoParse", "PQconninfo"},
                {"PQconninfoFree"}, FailureTest::Null, {}, Pq));
  Model.add(api({"PQgetCancel"}, {"PQfreeCancel"}, FailureTest::Null, {}, Pq));

  // sqlite3: the database handle exists even when opening fails; a failed
  // prepare leaves no statement. sqlite3_errmsg, sqlite3_column_*,
  // sqlite3_sql and sqlite3_normalized_sql give what the library keeps.
  std::vector<std::string> Sqlite = {"sqlite3_"};
  Model.add(outParam(api({"sqlite3_open", "sqlite3_open_v2", "sqlite3_open16"},
                         {"sqlite3_close", "sqlite3_close_v2"},
                         FailureTest::None, {}, Sqlite),
                     1));
  Model.add(outParam(api({"sqlite3_prepare", "sqlite3_prepare_v2",
                          "sqlite3_prepare_v3", "sqlite3_prepare16",
                          "sqlite3_prepare16_v2", "sqlite3_prepare16_v3"},
                         {"sqlite3_finalize"}, FailureTest::NonZeroResult, {},
                         Sqlite),
                     3));
  Model.add(outParam(api({"sqlite3_blob_open"}, {"sqlite3_blob_close"},
                         FailureTest::NonZeroResult, {}, Sqlite),
                     6));
  Model.add(outParam(api({"sqlite3_get_table"}, {"sqlite3_free_table"},
                         FailureTest::NonZeroResult, {}, Sqlite),
                     2));
  Model.add(outParam(api({"sqlite3_snapshot_get"}, {"sqlite3_snapshot_free"},
                         FailureTest::NonZeroResult, {}, Sqlite),
                     2));
  Model.add(api({"sqlite3_backup_init"}, {"sqlite3_backup_finish"},
                FailureTest::Null, {}, Sqlite));
  Model.add(api({"sqlite3_value_dup"}, {"sqlite3_value_free"},
                FailureTest::Null, {}, Sqlite));
  Model.add(api({"sqlite3_create_filename"}, {"sqlite3_free_filename"},
                FailureTest::Null, {}, Sqlite));
  // Never null: out of memory gives a singleton that finishing ignores.
  Model.add(api({"sqlite3_str_new"}, {"sqlite3_str_finish"}, FailureTest::None,
                {}, Sqlite));
  Model.add(api({"sqlite3_mprintf", "sqlite3_vmprintf", "sqlite3_expanded_sql",
                 "sqlite3_str_finish"},
                {"sqlite3_free"}, FailureTest::Null, {}, Sqlite));
  // `p = sqlite3_realloc(p, n)` keeps one block; a database deserialized
  // from it with SQLITE_DESERIALIZE_FREEONCLOSE frees it (without the flag
  // it stays the caller's, which the model cannot tell apart).
  ResourceApi SqliteMemory =
      api({"sqlite3_malloc", "sqlite3_malloc64", "sqlite3_realloc",
           "sqlite3_realloc64"},
          {"sqlite3_free"}, FailureTest::Null, {}, Sqlite);
  SqliteMemory.Accumulates = true;
  SqliteMemory.Adopters = {"sqlite3_deserialize@2"};
  Model.add(std::move(SqliteMemory));
  // The error message comes out only when the call fails.
  Model.add(outParam(api({"sqlite3_exec"}, {"sqlite3_free"},
                         FailureTest::NonPositiveResult, {}, Sqlite),
                     4));
  Model.add(outParam(api({"sqlite3_load_extension"}, {"sqlite3_free"},
                         FailureTest::NonPositiveResult, {}, Sqlite),
                     3));

  // MySQL / MariaDB: a connection must be closed even when connecting
  // failed; mysql_init(&m) initializes the caller's object instead of
  // allocating one. Rows, fields and mysql_error belong to the library.
  std::vector<std::string> Mysql = {"mysql_"};
  ResourceApi MysqlConnection =
      api({"mysql_init"}, {"mysql_close"}, FailureTest::Null, {}, Mysql);
  MysqlConnection.InPlaceArg = 0;
  Model.add(std::move(MysqlConnection));
  Model.add(api({"mysql_stmt_init"}, {"mysql_stmt_close"}, FailureTest::Null,
                {}, Mysql));
  Model.add(api({"mysql_store_result", "mysql_use_result", "mysql_list_fields",
                 "mysql_list_dbs", "mysql_list_tables", "mysql_list_processes",
                 "mysql_stmt_result_metadata"},
                {"mysql_free_result"}, FailureTest::Null, {}, Mysql));

  // libmicrohttpd: queueing a response does not give it away.
  // MHD_lookup_connection_value, MHD_get_connection_values and
  // MHD_get_*_info give what the library keeps.
  std::vector<std::string> Mhd = {"MHD_"};
  Model.add(api({"MHD_start_daemon", "MHD_start_daemon_va"},
                {"MHD_stop_daemon"}, FailureTest::Null, {}, Mhd));
  Model.add(api(
      {"MHD_create_response_from_buffer",
       "MHD_create_response_from_buffer_static",
       "MHD_create_response_from_buffer_copy",
       "MHD_create_response_from_buffer_with_free_callback",
       "MHD_create_response_from_buffer_with_free_callback_cls",
       "MHD_create_response_from_data", "MHD_create_response_from_fd",
       "MHD_create_response_from_fd64", "MHD_create_response_from_fd_at_offset",
       "MHD_create_response_from_fd_at_offset64",
       "MHD_create_response_from_pipe", "MHD_create_response_from_iovec",
       "MHD_create_response_from_callback", "MHD_create_response_for_upgrade",
       "MHD_create_response_empty"},
      {"MHD_destroy_response"}, FailureTest::Null, {}, Mhd));
  Model.add(api({"MHD_create_post_processor"}, {"MHD_destroy_post_processor"},
                FailureTest::Null, {}, Mhd));
  Model.add(
      api({"MHD_digest_auth_get_username", "MHD_digest_auth_get_username3",
           "MHD_basic_auth_get_username_password",
           "MHD_basic_auth_get_username_password3"},
          {"MHD_free"}, FailureTest::Null, {}, Mhd));

  // Qt network replies: deleted later, deleted, or given to a parent.
  ResourceApi Reply = api(
      {"QNetworkAccessManager::get", "QNetworkAccessManager::post",
       "QNetworkAccessManager::put", "QNetworkAccessManager::head",
       "QNetworkAccessManager::deleteResource",
       "QNetworkAccessManager::sendCustomRequest"},
      {}, FailureTest::Null);
  Reply.ReleaseMethods = {"deleteLater", "setParent"};
  Model.add(std::move(Reply));

  // OpenSSL: every object type T with T_new (and T_dup) and T_free. The
  // `set0` calls (and the few below without the word) take ownership of
  // what they get; `set1` calls take a reference of their own.
  std::vector<std::string> Ssl = {
      "SSL_",  "BIO_",  "EVP_",   "X509_",   "PEM_", "i2d_",       "ERR_",
      "BN_",   "RSA_",  "EC_",    "DH_",     "DSA_", "HMAC_",      "OSSL_",
      "ASN1_", "OCSP_", "PKCS7_", "PKCS12_", "CMS_", "OPENSSL_sk_"};
  auto SslApi = [&](std::vector<std::string> Acquirers,
                    std::vector<std::string> Releasers,
                    std::vector<std::string> Adopters = {}) {
    ResourceApi Api = api(std::move(Acquirers), std::move(Releasers),
                          FailureTest::Null, {}, Ssl);
    Api.Adopters = std::move(Adopters);
    Model.add(std::move(Api));
  };
  SslApi({"SSL_new"}, {"SSL_free"});
  SslApi({"SSL_CTX_new", "SSL_CTX_new_ex"}, {"SSL_CTX_free"});
  SslApi({"SSL_CONF_CTX_new"}, {"SSL_CONF_CTX_free"});
  SslApi({"SSL_SESSION_new", "SSL_SESSION_dup", "SSL_get1_session",
          "d2i_SSL_SESSION", "PEM_read_bio_SSL_SESSION"},
         {"SSL_SESSION_free"});
  SslApi({"BIO_new", "BIO_new_file", "BIO_new_mem_buf", "BIO_new_socket",
          "BIO_new_fp", "BIO_new_fd", "BIO_new_connect", "BIO_new_accept",
          "BIO_new_ssl", "BIO_new_ssl_connect"},
         {"BIO_free", "BIO_free_all", "BIO_vfree"},
         {"SSL_set_bio", "SSL_set0_rbio", "SSL_set0_wbio", "BIO_push@1"});
  SslApi({"BN_new", "BN_secure_new", "BN_dup"}, {"BN_free", "BN_clear_free"});
  // BN_bin2bn(s, len, ret) converts into ret and returns it; only a null
  // ret asks for a new BIGNUM.
  ResourceApi Bin2Bn = api({"BN_bin2bn", "BN_lebin2bn", "BN_native2bn"},
                           {"BN_free", "BN_clear_free"}, FailureTest::Null,
                           {}, Ssl);
  Bin2Bn.InPlaceArg = 2;
  Model.add(std::move(Bin2Bn));
  SslApi({"BN_CTX_new", "BN_CTX_new_ex", "BN_CTX_secure_new"}, {"BN_CTX_free"});
  SslApi({"RSA_new"}, {"RSA_free"}, {"EVP_PKEY_assign_RSA"});
  SslApi({"EC_KEY_new", "EC_KEY_new_by_curve_name", "EC_KEY_dup"},
         {"EC_KEY_free"}, {"EVP_PKEY_assign_EC_KEY"});
  SslApi({"EC_GROUP_new_by_curve_name", "EC_GROUP_dup"}, {"EC_GROUP_free"});
  SslApi({"EC_POINT_new", "EC_POINT_dup"}, {"EC_POINT_free"});
  SslApi({"DH_new"}, {"DH_free"}, {"EVP_PKEY_assign_DH"});
  SslApi({"DSA_new"}, {"DSA_free"}, {"EVP_PKEY_assign_DSA"});
  SslApi({"EVP_PKEY_new", "EVP_PKEY_new_raw_private_key",
          "EVP_PKEY_new_raw_public_key", "EVP_PKEY_Q_keygen",
          "PEM_read_bio_PrivateKey", "PEM_read_PrivateKey",
          "PEM_read_bio_PUBKEY", "PEM_read_PUBKEY", "d2i_PrivateKey",
          "d2i_PUBKEY", "X509_get_pubkey"},
         {"EVP_PKEY_free"});
  SslApi({"EVP_MD_fetch"}, {"EVP_MD_free"});
  SslApi({"EVP_CIPHER_fetch"}, {"EVP_CIPHER_free"});
  SslApi({"EVP_MAC_fetch"}, {"EVP_MAC_free"});
  SslApi({"EVP_MAC_CTX_new", "EVP_MAC_CTX_dup"}, {"EVP_MAC_CTX_free"});
  SslApi({"EVP_KDF_fetch"}, {"EVP_KDF_free"});
  SslApi({"EVP_KDF_CTX_new", "EVP_KDF_CTX_dup"}, {"EVP_KDF_CTX_free"});
  SslApi({"EVP_ENCODE_CTX_new"}, {"EVP_ENCODE_CTX_free"});
  SslApi({"HMAC_CTX_new"}, {"HMAC_CTX_free"});
  SslApi({"X509_STORE_new"}, {"X509_STORE_free"}, {"SSL_CTX_set_cert_store"});
  SslApi({"X509_STORE_CTX_new", "X509_STORE_CTX_new_ex"},
         {"X509_STORE_CTX_free"});
  SslApi({"X509_REQ_new", "PEM_read_bio_X509_REQ", "d2i_X509_REQ"},
         {"X509_REQ_free"});
  SslApi({"X509_CRL_new", "PEM_read_bio_X509_CRL", "d2i_X509_CRL"},
         {"X509_CRL_free"});
  SslApi({"X509_NAME_new", "X509_NAME_dup"}, {"X509_NAME_free"});
  SslApi({"X509_EXTENSION_new", "X509V3_EXT_conf_nid", "X509V3_EXT_nconf_nid",
          "X509V3_EXT_nconf"},
         {"X509_EXTENSION_free"});
  SslApi({"OCSP_REQUEST_new"}, {"OCSP_REQUEST_free"});
  SslApi({"OCSP_RESPONSE_new", "d2i_OCSP_RESPONSE"}, {"OCSP_RESPONSE_free"});
  SslApi({"PKCS7_new", "d2i_PKCS7", "PEM_read_bio_PKCS7"}, {"PKCS7_free"});
  SslApi({"PKCS12_new", "d2i_PKCS12_bio", "d2i_PKCS12"}, {"PKCS12_free"});
  SslApi({"ASN1_INTEGER_new", "ASN1_INTEGER_dup"}, {"ASN1_INTEGER_free"});
  SslApi({"ASN1_OCTET_STRING_new"}, {"ASN1_OCTET_STRING_free"});
  SslApi({"ASN1_TIME_new"}, {"ASN1_TIME_free"});
  SslApi({"OSSL_LIB_CTX_new"}, {"OSSL_LIB_CTX_free"});
  SslApi({"OSSL_PARAM_BLD_new"}, {"OSSL_PARAM_BLD_free"});
  SslApi({"OSSL_PARAM_BLD_to_param"}, {"OSSL_PARAM_free"});
  Model.add(api({"EVP_MD_CTX_new"}, {"EVP_MD_CTX_free"}, FailureTest::Null, {},
                Ssl));
  Model.add(api({"EVP_CIPHER_CTX_new"}, {"EVP_CIPHER_CTX_free"},
                FailureTest::Null, {}, Ssl));
  Model.add(api({"EVP_PKEY_CTX_new", "EVP_PKEY_CTX_new_id"},
                {"EVP_PKEY_CTX_free"}, FailureTest::Null, {}, Ssl));
  SslApi({"X509_new", "PEM_read_bio_X509", "PEM_read_X509", "d2i_X509",
          "X509_dup", "SSL_get1_peer_certificate", "SSL_get_peer_certificate"},
         {"X509_free"}, {"SSL_CTX_add_extra_chain_cert"});
  return Model;
}

static bool namedAs(const FunctionDecl *Callee,
                    const std::vector<std::string> &Names) {
  return llvm::any_of(Names, [&](const std::string &Name) {
    return hasQualifiedName(Callee, Name);
  });
}

void ResourceModel::add(ResourceApi Api) {
  unsigned Index = Apis.size();
  // hasQualifiedName() compares the declaration's own name with the last
  // component of the configured one: only names that end so can match.
  auto Note = [&](llvm::StringMap<llvm::SmallVector<unsigned, 1>> &Into,
                  const std::vector<std::string> &Names) {
    for (llvm::StringRef Name : Names) {
      size_t Colons = Name.rfind("::");
      auto &Indexes =
          Into[Colons == llvm::StringRef::npos ? Name
                                               : Name.substr(Colons + 2)];
      if (Indexes.empty() || Indexes.back() != Index)
        Indexes.push_back(Index);
    }
  };
  Note(AcquirerIndex, Api.Acquirers);
  Note(ReleaserIndex, Api.Releasers);
  Apis.push_back(std::move(Api));
}

const ResourceApi *ResourceModel::acquiredBy(const FunctionDecl *Callee) const {
  if (!Callee || !Callee->getIdentifier())
    return nullptr;
  auto It = AcquirerIndex.find(Callee->getName());
  if (It == AcquirerIndex.end())
    return nullptr;
  for (unsigned Index : It->second)
    if (namedAs(Callee, Apis[Index].Acquirers))
      return &Apis[Index];
  return nullptr;
}

bool ResourceModel::releasesAny(const FunctionDecl *Callee) const {
  return !releasedBy(Callee).empty();
}

llvm::SmallVector<const ResourceApi *, 2>
ResourceModel::releasedBy(const FunctionDecl *Callee) const {
  llvm::SmallVector<const ResourceApi *, 2> Found;
  if (!Callee || !Callee->getIdentifier())
    return Found;
  auto It = ReleaserIndex.find(Callee->getName());
  if (It != ReleaserIndex.end())
    for (unsigned Index : It->second)
      if (isReleaser(Apis[Index], Callee))
        Found.push_back(&Apis[Index]);
  return Found;
}

std::vector<std::string> ResourceModel::acquirerNames() const {
  std::vector<std::string> Names;
  for (const ResourceApi &Api : Apis)
    llvm::append_range(Names, Api.Acquirers);
  return Names;
}

bool isReleaser(const ResourceApi &Api, const FunctionDecl *Callee) {
  return Callee && Callee->getIdentifier() && namedAs(Callee, Api.Releasers);
}

bool allocatesHandle(const ResourceApi &Api, const CallExpr *Call) {
  if (Api.InPlaceArg < 0 || !Call ||
      static_cast<unsigned>(Api.InPlaceArg) >= Call->getNumArgs())
    return true;
  const Expr *Object = Call->getArg(Api.InPlaceArg);
  const FunctionDecl *Callee = Call->getDirectCallee();
  return Callee && Object->isNullPointerConstant(
                       Callee->getASTContext(),
                       Expr::NPC_ValueDependentIsNotNull) != Expr::NPCK_NotNull;
}

bool isAdopter(const ResourceApi &Api, const FunctionDecl *Callee, int Index) {
  if (!Callee || !Callee->getIdentifier())
    return false;
  return llvm::any_of(Api.Adopters, [&](const std::string &Entry) {
    auto [Name, Arg] = llvm::StringRef(Entry).split('@');
    int Only = -1;
    if (!Arg.empty() && Arg.getAsInteger(10, Only))
      return false;
    return hasQualifiedName(Callee, Name) &&
           (Only < 0 || Index < 0 || Only == Index);
  });
}

bool isBorrower(const ResourceApi &Api, const FunctionDecl *Callee) {
  if (!Callee || !Callee->getIdentifier() || isReleaser(Api, Callee) ||
      isAdopter(Api, Callee, -1))
    return false;
  if (namedAs(Callee, Api.Borrowers))
    return true;
  llvm::StringRef Name = Callee->getName();
  return llvm::any_of(Api.BorrowerPrefixes, [&](const std::string &Prefix) {
           return Name.starts_with(Prefix);
         });
}

/// Splits `names@key=N` into the names and N (or -1 without a suffix).
static bool splitIndexed(llvm::StringRef Text, llvm::StringRef Key,
                         std::vector<std::string> &Names, int &Index) {
  auto [List, Suffix] = Text.split('@');
  Names = splitList(List, ',');
  Index = -1;
  if (Suffix.empty())
    return !Names.empty();
  Suffix = Suffix.trim();
  if (!Suffix.consume_front(Key) || !Suffix.consume_front("=") ||
      Suffix.getAsInteger(10, Index) || Index < 0)
    return false;
  return !Names.empty();
}

std::vector<ResourceApi> parseResourceApis(llvm::StringRef Text,
                                           std::vector<std::string> &Errors) {
  std::vector<ResourceApi> Apis;
  for (const std::string &EntryText : splitList(Text)) {
    llvm::StringRef Entry = EntryText;
    auto Fail = [&](llvm::StringRef Why) {
      Errors.push_back("'" + Entry.str() + "': " + Why.str());
    };
    auto [Left, Right] = Entry.split("->");
    if (Right.empty()) {
      Fail("expected 'acquire -> release'");
      continue;
    }
    ResourceApi Api;
    if (!splitIndexed(Left.trim(), "out", Api.Acquirers, Api.OutParam)) {
      Fail("expected acquiring functions, optionally '@out=N'");
      continue;
    }
    llvm::SmallVector<llvm::StringRef, 2> Words;
    Right.trim().split(Words, ' ', -1, false);
    int ReleaseArg = -1;
    if (Words.empty() ||
        !splitIndexed(Words.front(), "arg", Api.Releasers, ReleaseArg)) {
      Fail("expected releasing functions, optionally '@arg=N'");
      continue;
    }
    Api.ReleaseArg = ReleaseArg < 0 ? 0 : ReleaseArg;
    bool Bad = false;
    for (llvm::StringRef Word : llvm::drop_begin(Words)) {
      if (Word.consume_front("borrow=")) {
        // Prefixes of the API's own functions, which only use the handle.
        Api.BorrowerPrefixes = splitList(Word, ',');
        continue;
      }
      if (!Word.consume_front("fail=")) {
        Fail("unknown word '" + Word.str() + "'");
        Bad = true;
        break;
      }
      if (Word == "null")
        Api.Failure = FailureTest::Null;
      else if (Word == "negative")
        Api.Failure = FailureTest::Negative;
      else if (Word == "map_failed")
        Api.Failure = FailureTest::MapFailed;
      else if (Word == "nonzero")
        Api.Failure = FailureTest::NonZeroResult;
      else if (Word == "nonpositive")
        Api.Failure = FailureTest::NonPositiveResult;
      else if (Word == "none")
        Api.Failure = FailureTest::None;
      else {
        Fail("unknown failure test '" + Word.str() + "'");
        Bad = true;
        break;
      }
    }
    if (!Bad)
      Apis.push_back(std::move(Api));
  }
  return Apis;
}

} // namespace leakguard::analysis
