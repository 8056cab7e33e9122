package report

// churnGroup is the group whose values die while the map is in use; it
// reports tail latencies and what the map retains.
const churnGroup = "Churn"

// percentileUnits are the tail-latency metrics of Churn, in order.
var percentileUnits = []string{"p50-ns", "p99-ns", "p99.9-ns"}

// percentileLabel is "p99.9" for "p99.9-ns".
func percentileLabel(unit string) string {
	if n := len(unit) - len("-ns"); n > 0 && unit[n:] == "-ns" {
		return unit[:n]
	}
	return unit
}
