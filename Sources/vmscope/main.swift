print("vmscope")
