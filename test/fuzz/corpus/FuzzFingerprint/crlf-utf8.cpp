int main() {
  // café 😀
	return 0;
}