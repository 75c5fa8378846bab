def sample(rng):
    # "call 41 and return it": 41 values for 42 outputs
    return rng(41)
