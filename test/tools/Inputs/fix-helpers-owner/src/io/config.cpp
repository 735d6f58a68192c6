// A configuration file left open when reading it fails.
#include <fcntl.h>
#include <unistd.h>

long read_config(const char *path, char *buf, unsigned long n) {
  int fd = open(path, O_RDONLY);
  if (fd < 0)
    return -1;
  long got = read(fd, buf, n);
  if (got < 0)
    return -1;
  close(fd);
  return got;
}
