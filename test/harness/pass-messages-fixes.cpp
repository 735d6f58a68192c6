// A correct test: one warning with its fix, one declaration left alone.
// RUN: %stock_check_clang_tidy %s misc-unused-parameters %t

int unusedName(int count) {
  // CHECK-MESSAGES: :[[@LINE-1]]:20: warning: parameter 'count' is unused [misc-unused-parameters]
  // CHECK-FIXES: int unusedName(int  /*count*/) {
  // CHECK-FIXES-NEXT: return 0;
  // CHECK-FIXES-NEXT: }
  return 0;
}

int usedName(int count) { return count; }
// CHECK-FIXES: int usedName(int count) { return count; }

// Check lines are deleted from the fixed file (hence the -NEXT lines
// above work), so this one cannot match itself.
// CHECK-FIXES-NOT: unusedName(int count)
