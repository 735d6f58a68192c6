// A third-party C library installed in a system folder: its functions of
// libc's types are not libc's.
#ifndef EVENTLIB_H
#define EVENTLIB_H

#include <netdb.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Frees a list from getaddrinfo or from the library's own resolver.
void evlib_freeaddrinfo(struct addrinfo *ai);
/// Counts the entries of a list (reads only).
int evlib_addrinfo_count(const struct addrinfo *ai);
/// Writes a line to a stream.
int evlib_log_line(FILE *out, const char *line);

#ifdef __cplusplus
}
#endif

#endif
