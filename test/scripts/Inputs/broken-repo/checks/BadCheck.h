// BadCheck
