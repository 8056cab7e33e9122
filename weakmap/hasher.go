package weakmap

// WithHasher makes New and NewStrong hash their keys with f instead of the
// map's own hash. K must be the map's key type: New and NewStrong panic if
// it is not. NewKeyMap and NewSet refuse the option: they hash their keys'
// addresses, which no hasher of K can see.
//
// The map calls f(key, seed) with a seed it draws at random when it is
// made and keeps for its whole life; maps draw different seeds. f must
// return equal hashes for equal keys (by ==) for as long as the map is in
// use, or lookups miss what was stored. Its result must also spread over
// all 64 bits: the map picks a key's shard from the top bits of the hash,
// its bucket from the low bits and a filter tag from bits in the middle,
// so a hash that is constant in any of those ranges piles keys together
// and makes every operation on them slower. Resistance to keys chosen to
// collide (hash flooding) is f's job: a hash that mixes the seed into
// every bit, as hash/maphash does with its own seed, gives it; one that
// ignores the seed lets anyone who knows f make all their keys collide.
//
// Without the option a map hashes strings with wyhash (the hash Go's
// runtime uses where the CPU has no AES instructions), one-word keys
// (integers, pointers) with a seeded multiply-and-fold and other keys with
// hash/maphash.Comparable, each seeded per map. A hasher is called through
// a function value on every operation, which the map's own hashes for
// strings and one-word keys avoid, so a hasher pays off only where it is
// faster than the default by more than that call.
//
// Like WithEvictCallback's, f's type is checked when the map is made, not
// by the compiler, since Option is one type for every constructor.
func WithHasher[K comparable](f func(key K, seed uint64) uint64) Option {
	if f == nil {
		panicf("WithHasher(nil): pass the hash function, or leave the option out for the map's own hash")
	}
	return func(c *config) { c.hasher = f }
}

// hasherOf returns the hasher of cfg as a func(K, uint64) uint64, or nil
// if there is none. It panics if the hasher takes another key type, naming
// both.
func hasherOf[K comparable](cfg config, mapType string) func(K, uint64) uint64 {
	if cfg.hasher == nil {
		return nil
	}
	f, ok := cfg.hasher.(func(K, uint64) uint64)
	if !ok {
		panicf("WithHasher: a %s hashes keys of type %s, but the hasher is a %T; pass a func(%s, uint64) uint64",
			mapType, typeName[K](), cfg.hasher, typeName[K]())
	}
	return f
}

func refuseHasher(cfg config, ctor string) {
	if cfg.hasher != nil {
		panicf("%s does not take WithHasher: it hashes its keys' addresses, which a hasher of the key type cannot see", ctor)
	}
}
