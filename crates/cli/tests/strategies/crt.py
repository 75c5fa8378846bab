def sample(rng):
    a = rng(2); b = rng(3); c = rng(7)
    # the Chinese remainder theorem: the x in 0..42 with x = a mod 2, b mod 3, c mod 7
    for x in range(42):
        if x % 2 == a and x % 3 == b and x % 7 == c:
            return x
