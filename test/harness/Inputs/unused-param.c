// A C test: misc-unused-parameters offers no fix in C.

int unused(int value) { return 0; }
// CHECK-MESSAGES: :[[@LINE-1]]:16: warning: parameter 'value' is unused [misc-unused-parameters]
// CHECK-FIXES: int unused(int value) { return 0; }
