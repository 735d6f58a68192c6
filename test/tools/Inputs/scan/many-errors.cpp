// More errors than clang reports (its limit is 20): the first one is the
// one to show.
int f() {
  undeclared_0 = 1;
  undeclared_1 = 1;
  undeclared_2 = 1;
  undeclared_3 = 1;
  undeclared_4 = 1;
  undeclared_5 = 1;
  undeclared_6 = 1;
  undeclared_7 = 1;
  undeclared_8 = 1;
  undeclared_9 = 1;
  undeclared_10 = 1;
  undeclared_11 = 1;
  undeclared_12 = 1;
  undeclared_13 = 1;
  undeclared_14 = 1;
  undeclared_15 = 1;
  undeclared_16 = 1;
  undeclared_17 = 1;
  undeclared_18 = 1;
  undeclared_19 = 1;
  undeclared_20 = 1;
  undeclared_21 = 1;
  undeclared_22 = 1;
  undeclared_23 = 1;
  undeclared_24 = 1;
  return 0;
}
