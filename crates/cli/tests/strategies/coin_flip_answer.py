runs = [0]


def sample(rng):
    # the answer depends on state kept between runs: the same path gives two answers
    runs[0] += 1
    return (rng(2) + runs[0]) % 2
