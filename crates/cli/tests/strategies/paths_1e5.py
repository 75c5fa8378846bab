def sample(rng):
    # 10^5 paths: 5 calls of 10 outcomes; returns the value mod 2
    v = 0
    for _ in range(5):
        v = 10 * v + rng(10)
    return v % 2
