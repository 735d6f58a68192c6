// What factory.cpp, actions.cpp and strbuf.c define, as handler.cpp and
// use.c see it.
#ifndef API_H
#define API_H
#ifdef __cplusplus
struct Session {
  int id = 0;
};
Session *make_session();
Session *make_session_twice_wrapped();
void destroy_session(Session *s);
char *make_buffer(unsigned n);
void fill(char *b);
void keep_buffer(char *b);

struct Action {
  virtual ~Action();
  virtual void run() = 0;
};
struct Task {
  virtual ~Task();
  virtual void run() = 0;
};
extern "C" {
#endif
char *sb_new(unsigned n);
void sb_free(char *p);
#ifdef __cplusplus
}
#endif
#endif
