// A function template: clangd alone skips its body in the preamble, and
// --header-bodies=functions keeps only the bodies of plain functions.
template <class T> T twiceOf(T X) { return X * 2; }
