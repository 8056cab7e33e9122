package weakmap_test

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"runtime"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/anishathalye/porcupine"
	"github.com/weakstripe/weakstripe/weakmap"
)

// The linearizability tests (lin_map_test.go, lin_keymap_test.go) record
// concurrent histories of a map's operations on a few keys and check with
// porcupine that each history could have come, operation by operation and
// in an order consistent with real time, from a plain sequential map. This
// file holds what the two share: the operations, the sequential model, the
// clock, the recorder and the check.
//
// Each key's history is checked on its own (porcupine's Partition): the
// operations on different keys of a sequential map commute, so a history is
// linearizable if and only if every key's is. The model's state for one
// key is the id of its live value, 0 for none. Values are small ids that
// stand for objects the test keeps alive, so a correct map never loses one
// to the collector; the only deaths are those the test causes through the
// seam (linKill), which the model knows.

// linOp is one kind of operation on a key.
type linOp uint8

const (
	linLoad linOp = iota
	linStore
	linLoadOrStore
	linLoadOrCompute
	linSwap
	linCompareAndSwap
	linCompareAndDelete
	linLoadAndDelete
	linDelete
	// linCompute is Compute(k, f) where f stores a if the key is absent,
	// deletes it if it holds a, leaves it if it holds b, and otherwise
	// stores b.
	linCompute
	// linLoadOrTryCompute is LoadOrTryCompute(k, create) where create
	// returns a, or fails if b is even.
	linLoadOrTryCompute
	// linKill makes the key's entry look collected (MarkCollected,
	// MarkKeyCollected) and records whether the map had an entry.
	linKill
)

var linOpNames = [...]string{"Load", "Store", "LoadOrStore", "LoadOrCompute", "Swap", "CompareAndSwap", "CompareAndDelete", "LoadAndDelete", "Delete", "Compute", "LoadOrTryCompute", "Kill"}

func (o linOp) String() string { return linOpNames[o] }

// linInput is an operation's call: on key, with value ids a and b (0 for
// nil); for CompareAndSwap, a is old and b is new.
type linInput struct {
	op   linOp
	key  int
	a, b int
}

// linOutput is what the operation returned: a value id (0 for nil;
// linFailed for a LoadOrTryCompute that returned an error) and a boolean
// (loaded, swapped, deleted, or for linKill whether an entry was found).
type linOutput struct {
	v  int
	ok bool
}

// linFailed is the value id of a LoadOrTryCompute call that failed.
const linFailed = -1

// linStep is the sequential specification of one operation on one key
// whose live value is state (0: none). It reports whether out is what a
// sequential map returns, and the state after the operation.
func linStep(state int, in linInput, out linOutput) (bool, int) {
	switch in.op {
	case linLoad:
		return out == linOutput{v: state, ok: state != 0}, state
	case linStore:
		return true, in.a
	case linLoadOrStore, linLoadOrCompute:
		if state != 0 {
			return out == linOutput{v: state, ok: true}, state
		}
		return out == linOutput{v: in.a, ok: false}, in.a
	case linSwap:
		return out == linOutput{v: state, ok: state != 0}, in.a
	case linCompareAndSwap:
		if in.a != 0 && state == in.a {
			return out.ok, in.b
		}
		return !out.ok, state
	case linCompareAndDelete:
		if in.a != 0 && state == in.a {
			return out.ok, 0
		}
		return !out.ok, state
	case linLoadAndDelete:
		return out == linOutput{v: state, ok: state != 0}, 0
	case linDelete:
		return true, 0
	case linCompute:
		switch state {
		case 0:
			return out == linOutput{v: in.a, ok: true}, in.a
		case in.a:
			return out == linOutput{}, 0
		case in.b:
			return out == linOutput{v: in.b, ok: true}, state
		}
		return out == linOutput{v: in.b, ok: true}, in.b
	case linLoadOrTryCompute:
		// A call that finds the key absent stores its own value or fails:
		// its own create's error, or that of the create it waited for.
		if state != 0 {
			return out == linOutput{v: state, ok: true}, state
		}
		if out.v == linFailed {
			return !out.ok, 0
		}
		return out == linOutput{v: in.a, ok: false}, in.a
	case linKill:
		// A live entry is always found. An absent key may still have a
		// dead entry (killed earlier, not yet swept), so finding one
		// proves nothing; not finding one is wrong only if the key was
		// live. Either way the key has no live value afterwards.
		return out.ok || state == 0, 0
	}
	panic(fmt.Sprintf("linStep: unknown operation %d", in.op))
}

// linModel is linStep as a porcupine model, partitioned by key.
var linModel = porcupine.Model{
	Partition: func(h []porcupine.Operation) [][]porcupine.Operation {
		byKey := map[int][]porcupine.Operation{}
		for _, op := range h {
			k := op.Input.(linInput).key
			byKey[k] = append(byKey[k], op)
		}
		keys := make([]int, 0, len(byKey))
		for k := range byKey {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		parts := make([][]porcupine.Operation, 0, len(keys))
		for _, k := range keys {
			parts = append(parts, byKey[k])
		}
		return parts
	},
	Init: func() any { return 0 },
	Step: func(state, in, out any) (bool, any) {
		return linStep(state.(int), in.(linInput), out.(linOutput))
	},
	DescribeOperation: func(in, out any) string { return linDescribe(in.(linInput), out.(linOutput)) },
}

// linDescribe shows an operation with the arguments and results it has:
// value ids, 0 for nil.
func linDescribe(in linInput, out linOutput) string {
	switch in.op {
	case linStore:
		return fmt.Sprintf("Store(k%d, %d)", in.key, in.a)
	case linDelete:
		return fmt.Sprintf("Delete(k%d)", in.key)
	case linLoad, linLoadAndDelete:
		return fmt.Sprintf("%v(k%d) = %d, %t", in.op, in.key, out.v, out.ok)
	case linLoadOrStore, linLoadOrCompute, linSwap:
		return fmt.Sprintf("%v(k%d, %d) = %d, %t", in.op, in.key, in.a, out.v, out.ok)
	case linCompute:
		return fmt.Sprintf("Compute(k%d, store %d or delete it, keep or store %d) = %d, %t", in.key, in.a, in.b, out.v, out.ok)
	case linLoadOrTryCompute:
		return fmt.Sprintf("LoadOrTryCompute(k%d, %d, fails %t) = %d, %t", in.key, in.a, in.b%2 == 0, out.v, out.ok)
	case linCompareAndSwap:
		return fmt.Sprintf("CompareAndSwap(k%d, %d, %d) = %t", in.key, in.a, in.b, out.ok)
	case linCompareAndDelete:
		return fmt.Sprintf("CompareAndDelete(k%d, %d) = %t", in.key, in.a, out.ok)
	}
	return fmt.Sprintf("%v(k%d) = %t", in.op, in.key, out.ok)
}

// errLinCreate is the error of a LoadOrTryCompute create that fails.
var errLinCreate = errors.New("create failed")

// linComputeOp is linCompute's function, on value ids: see linCompute.
func linComputeOp(in linInput, old int) (int, weakmap.ComputeOp) {
	switch old {
	case 0:
		return in.a, weakmap.UpdateOp
	case in.a:
		return 0, weakmap.DeleteOp
	case in.b:
		return 0, weakmap.CancelOp
	}
	return in.b, weakmap.UpdateOp
}

// linRecorder records the operations of one goroutine. Call and return
// times come from a shared atomic counter: if an operation returns before
// another is called, its return time is smaller than the other's call
// time, which is all porcupine needs of a clock.
type linRecorder struct {
	clock  *atomic.Int64
	client int
	ops    []porcupine.Operation
}

// do runs f, which performs in and returns its output, and records it.
func (r *linRecorder) do(in linInput, f func() linOutput) {
	call := r.clock.Add(1)
	out := f()
	ret := r.clock.Add(1)
	r.ops = append(r.ops, porcupine.Operation{ClientId: r.client, Input: in, Call: call, Output: out, Return: ret})
}

// linStartTogether returns once all n goroutines of a history have called
// it. They wait spinning (and yielding), not blocked: a blocked goroutine
// takes longer to wake up on an idle processor than a whole history takes
// to run, and the history would run on one processor, one goroutine after
// the other, with nothing concurrent to check.
func linStartTogether(arrived *atomic.Int32, n int) {
	arrived.Add(1)
	for arrived.Load() < int32(n) {
		runtime.Gosched()
	}
}

// linNoise runs, between two recorded operations of a goroutine, work
// that is not recorded: now and then it yields, so that the goroutines of
// one processor interleave; kills a filler entry (noise.kill stores a
// filler key and makes it look collected), so that sweeps always have dead
// entries to remove next to the checked ones; or calls Sweep. The
// recording goroutines do this themselves, rather than a goroutine of its
// own, so that every processor runs recorded operations.
func linNoise(r *rand.Rand, noise linNoiser) {
	switch r.IntN(16) {
	case 0, 1, 2, 3:
		runtime.Gosched()
	case 4, 5, 6, 7:
		noise.kill(r.IntN(linFillerKeys))
	case 8:
		noise.sweep()
	}
}

// linNoiser is the unrecorded work of linNoise on one map.
type linNoiser struct {
	kill  func(filler int)
	sweep func()
}

// linHistories is how many histories a linearizability test checks: base,
// or base times linStressFactor when WEAKSTRIPE_STRESS=1 (make stress).
func linHistories(base int) int {
	if os.Getenv("WEAKSTRIPE_STRESS") == "1" {
		return base * linStressFactor
	}
	return base
}

const linStressFactor = 20

// linCheckTimeout bounds one porcupine check. The histories are small (a
// few dozen operations per key from at most 8 goroutines) and check in
// milliseconds; a check that runs out of time is reported as a failure,
// never taken as a pass.
const linCheckTimeout = 30 * time.Second

// linTally counts checked histories and violations, and reports them.
type linTally struct {
	kind       string
	histories  int
	operations int
	concurrent int // operations that overlap another in time
	violations int
}

// linConcurrent counts the operations of h whose interval overlaps that of
// another operation: how much concurrency the history really had.
func linConcurrent(h []porcupine.Operation) int {
	h = slices.Clone(h)
	slices.SortFunc(h, func(x, y porcupine.Operation) int { return int(x.Call - y.Call) })
	overlaps := make([]bool, len(h))
	maxRet, maxAt := int64(-1), -1
	for i, op := range h {
		if op.Call < maxRet {
			overlaps[i] = true
			overlaps[maxAt] = true
		}
		if op.Return > maxRet {
			maxRet, maxAt = op.Return, i
		}
	}
	n := 0
	for _, o := range overlaps {
		if o {
			n++
		}
	}
	return n
}

// check checks one history and reports a violation with the operations of
// the keys whose histories are not linearizable.
func (c *linTally) check(t *testing.T, name string, h []porcupine.Operation) {
	t.Helper()
	c.histories++
	c.operations += len(h)
	c.concurrent += linConcurrent(h)
	switch porcupine.CheckOperationsTimeout(linModel, h, linCheckTimeout) {
	case porcupine.Ok:
		return
	case porcupine.Unknown:
		c.violations++
		t.Errorf("%s: history %s: the linearizability check timed out after %v; make histories smaller", c.kind, name, linCheckTimeout)
		return
	}
	c.violations++
	if c.violations > 3 {
		return // enough detail; the count is in the summary
	}
	t.Errorf("%s: history %s is not linearizable (porcupine: Illegal):\n%s", c.kind, name, linDescribeIllegal(h))
}

// linDescribeIllegal lists, in call order, the operations on each key whose
// own history porcupine rejects.
func linDescribeIllegal(h []porcupine.Operation) string {
	var b strings.Builder
	for _, part := range linModel.Partition(h) {
		single := linModel
		single.Partition = nil
		if porcupine.CheckOperations(single, part) {
			continue
		}
		part = slices.Clone(part)
		slices.SortFunc(part, func(x, y porcupine.Operation) int { return int(x.Call - y.Call) })
		fmt.Fprintf(&b, "  key %d, %d operations (client [call, return] operation):\n", part[0].Input.(linInput).key, len(part))
		for i, op := range part {
			if i == 60 {
				fmt.Fprintf(&b, "    ... %d more\n", len(part)-i)
				break
			}
			fmt.Fprintf(&b, "    c%d [%d, %d] %s\n", op.ClientId, op.Call, op.Return, linModel.DescribeOperation(op.Input, op.Output))
		}
	}
	return b.String()
}

// report logs the totals in a fixed form that scripts can collect, and
// fails the test if any history was not linearizable.
func (c *linTally) report(t *testing.T, elapsed time.Duration) {
	t.Helper()
	t.Logf("linearizability: %s: %d histories checked (%d operations, %d%% concurrent with another) in %v, %d violations",
		c.kind, c.histories, c.operations, 100*c.concurrent/max(c.operations, 1), elapsed.Round(time.Millisecond), c.violations)
	if c.violations > 0 {
		t.Errorf("linearizability: %s: %d of %d histories not linearizable", c.kind, c.violations, c.histories)
	}
}
