// mock header
