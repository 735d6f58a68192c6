typedef struct thr thr;
typedef void (*thr_cb)(void *arg);
int thr_create(thr **out, thr_cb cb, void *arg);
void thr_join(thr *t);
