// leak-good-bad and leak-other-ish
