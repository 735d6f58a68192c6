// Check suffixes, and clang-tidy arguments after '--' (here a -config that
// replaces the script's --config={}). StrictMode also flags parameters of
// functions with an empty body.
// RUN: %stock_check_clang_tidy %s misc-unused-parameters %t
// RUN: %stock_check_clang_tidy -check-suffixes=,STRICT %s misc-unused-parameters %t -- \
// RUN:   -config="{CheckOptions: {misc-unused-parameters.StrictMode: true}}"

void emptyBody(int flag) {}
// CHECK-MESSAGES-STRICT: :[[@LINE-1]]:20: warning: parameter 'flag' is unused [misc-unused-parameters]
// CHECK-FIXES-STRICT: void emptyBody(int  /*flag*/) {}

int nonEmpty(int count) { return 0; }
// CHECK-MESSAGES: :[[@LINE-1]]:18: warning: parameter 'count' is unused [misc-unused-parameters]
// CHECK-FIXES: int nonEmpty(int  /*count*/) { return 0; }
