// Uses CHECK-MESSAGES and CHECK-NOTES for the same (empty) suffix, and
// CHECK-MESSAGES-A with CHECK-NOTES-B for two suffixes.

int unusedName(int count) { return 0; }
// CHECK-MESSAGES: :[[@LINE-1]]:20: warning: parameter 'count' is unused [misc-unused-parameters]
// CHECK-NOTES: :[[@LINE-2]]:20: warning: parameter 'count' is unused [misc-unused-parameters]
// CHECK-MESSAGES-A: :[[@LINE-3]]:20: warning: parameter 'count' is unused [misc-unused-parameters]
// CHECK-NOTES-B: :[[@LINE-4]]:20: warning: parameter 'count' is unused [misc-unused-parameters]
