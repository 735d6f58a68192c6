// GoodCheck
