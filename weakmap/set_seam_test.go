package weakmap

// MarkMemberCollected makes x's entry in s look as it does after the
// collector has freed x (see MarkKeyCollected). It counts no operation.
func MarkMemberCollected[T any](s *Set[T], x *T) bool { return MarkKeyCollected(&s.m, x) }
