int x; // leak-good would flag this
