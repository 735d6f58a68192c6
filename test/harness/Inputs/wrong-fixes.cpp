// The message is right, the expected fix is not.

int unusedName(int count) { return 0; }
// CHECK-MESSAGES: :[[@LINE-1]]:20: warning: parameter 'count' is unused [misc-unused-parameters]
// CHECK-FIXES: int unusedName(int count) { return 0; }
