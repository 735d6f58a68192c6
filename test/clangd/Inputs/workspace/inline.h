// An inline function: clangd alone skips its body in the preamble.
inline int twice(int X) { return X * 2; }
