// The lock functions of SDL (against Debian's real SDL2 headers) and APR
// (declared here: Debian's libapr1-dev is not installed for the tests) in
// the default model.
// REQUIRES: sdl2
// RUN: %check_clang_tidy %s leak-manual-lock %t -- -- -std=c11 %sdl2_cflags

#include <SDL.h>

typedef struct apr_thread_mutex_t apr_thread_mutex_t;
typedef struct apr_thread_rwlock_t apr_thread_rwlock_t;
typedef int apr_status_t;
apr_status_t apr_thread_mutex_lock(apr_thread_mutex_t *mutex);
apr_status_t apr_thread_mutex_unlock(apr_thread_mutex_t *mutex);
apr_status_t apr_thread_rwlock_wrlock(apr_thread_rwlock_t *rwlock);
apr_status_t apr_thread_rwlock_unlock(apr_thread_rwlock_t *rwlock);

static SDL_mutex *audio_lock;
static apr_thread_mutex_t *pool_lock;
static apr_thread_rwlock_t *conf_lock;
static int queued;

int sdl_queue(int n) {
  SDL_LockMutex(audio_lock);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: mutex '*audio_lock' locked by 'SDL_LockMutex' is not unlocked on every path; unlock it before the exits shown in the notes [leak-manual-lock]
  if (n < 0)
    return -1;
  queued += n;
  SDL_UnlockMutex(audio_lock);
  return 0;
}

int apr_take(int n) {
  apr_thread_mutex_lock(pool_lock);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: mutex '*pool_lock' locked by 'apr_thread_mutex_lock' is not unlocked on every path; unlock it before the exits shown in the notes [leak-manual-lock]
  if (n > queued)
    return -1;
  queued -= n;
  apr_thread_mutex_unlock(pool_lock);
  return 0;
}

// ---- released on every path, or the lock failed -----------------------------

int sdl_queue_ok(int n) {
  if (SDL_LockMutex(audio_lock) != 0)
    return -1;
  if (n < 0) {
    SDL_UnlockMutex(audio_lock);
    return -1;
  }
  queued += n;
  SDL_UnlockMutex(audio_lock);
  return 0;
}

void apr_configure(int value) {
  apr_thread_rwlock_wrlock(conf_lock);
  queued = value;
  apr_thread_rwlock_unlock(conf_lock);
}
