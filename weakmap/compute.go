package weakmap

// ComputeOp is what the function given to Compute asks the map to do with
// the key: leave it as it is, store the value the function returned, or
// delete it. The zero ComputeOp is CancelOp.
type ComputeOp int

const (
	// CancelOp leaves the key as it is.
	CancelOp ComputeOp = iota
	// UpdateOp stores the value the function returned.
	UpdateOp
	// DeleteOp deletes the key.
	DeleteOp
)

// computeResult takes what a Compute function returned, asked about a key
// whose live value was old (loaded says whether there was one), and returns
// what the write kernel must do and what Compute returns.
func computeResult[R any](want ComputeOp, old, new R, loaded bool) (todo op, actual R, ok bool) {
	switch want {
	case CancelOp:
		return opKeep, old, loaded
	case UpdateOp:
		return opStore, new, true
	case DeleteOp:
		var zero R
		return opDelete, zero, false
	}
	panicf("Compute: the function returned ComputeOp(%d); return UpdateOp, DeleteOp or CancelOp", int(want))
	return opKeep, old, loaded
}
