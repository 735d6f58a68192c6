// Does not compile; the error is checked like any other message.

int broken() { return undeclared; }
// CHECK-MESSAGES: :[[@LINE-1]]:23: error: use of undeclared identifier 'undeclared' [clang-diagnostic-error]
