// A test without CHECK lines passes when the check reports nothing.
// RUN: %stock_check_clang_tidy %s misc-unused-parameters %t

int used(int value) { return value; }
