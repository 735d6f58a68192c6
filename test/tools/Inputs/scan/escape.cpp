int escape = 1;
