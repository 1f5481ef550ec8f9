package main

import (
	"strings"
	"sync"
	"time"

	gometrics "github.com/armon/go-metrics"
	"github.com/hashicorp/memberlist"
)

// counterSink keeps running totals of the counters memberlist reports through go-metrics
// (memberlist.udp.sent, memberlist.tcp.sent, memberlist.tcp.connect, memberlist.tcp.accept, …),
// so the "metrics" command can answer with the node's own byte and connection counts. Gauges and
// samples are dropped.
type counterSink struct {
	mu       sync.Mutex
	counters map[string]float64
}

func newCounterSink() *counterSink { return &counterSink{counters: map[string]float64{}} }

func (s *counterSink) IncrCounter(key []string, val float32) {
	s.mu.Lock()
	s.counters[strings.Join(key, ".")] += float64(val)
	s.mu.Unlock()
}
func (s *counterSink) IncrCounterWithLabels(key []string, val float32, _ []gometrics.Label) {
	s.IncrCounter(key, val)
}
func (*counterSink) SetGauge([]string, float32)                               {}
func (*counterSink) SetGaugeWithLabels([]string, float32, []gometrics.Label)  {}
func (*counterSink) EmitKey([]string, float32)                                {}
func (*counterSink) AddSample([]string, float32)                              {}
func (*counterSink) AddSampleWithLabels([]string, float32, []gometrics.Label) {}

func (s *counterSink) snapshot() map[string]float64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make(map[string]float64, len(s.counters))
	for k, v := range s.counters {
		out[k] = v
	}
	return out
}

// installCounterSink makes the sink go-metrics' global one, with plain keys (no host name, no
// service prefix, no runtime metrics), and returns it.
func installCounterSink() *counterSink {
	sink := newCounterSink()
	conf := gometrics.DefaultConfig("")
	conf.EnableHostname = false
	conf.EnableRuntimeMetrics = false
	conf.EnableServiceLabel = false
	if _, err := gometrics.NewGlobal(conf, sink); err != nil {
		return sink
	}
	return sink
}

// watchStates polls the member list every interval and prints {"event":"update","name","state"}
// whenever a live member's real state changes (alive <-> suspect): memberlist has no delegate
// for suspicion, so this is how a harness sees it. Dead and left members leave Members() and are
// reported by NotifyLeave as before.
func (p *peer) watchStates(interval time.Duration) {
	seen := map[string]memberlist.NodeStateType{}
	for {
		for _, n := range p.list.Members() {
			state, _ := realState(n)
			if prev, ok := seen[n.Name]; ok && prev == state {
				continue
			}
			if _, ok := seen[n.Name]; ok || state != memberlist.StateAlive {
				p.out.emit(event{"event": "update", "name": n.Name, "state": stateName(state)})
			}
			seen[n.Name] = state
		}
		time.Sleep(interval)
	}
}
