// OtherCheck
