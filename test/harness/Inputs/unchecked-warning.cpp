// Two warnings. The plain prefixes check neither; PARTIAL checks only one.

int first(int a) { return 0; }
// CHECK-MESSAGES-PARTIAL: :[[@LINE-1]]:15: warning: parameter 'a' is unused [misc-unused-parameters]

int second(int b) { return 0; }
