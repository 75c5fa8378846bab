runs = [0]


def sample(rng):
    # a different size on every other run: the same path does not call the same generator
    runs[0] += 1
    return rng(2 if runs[0] % 2 else 3) % 2
