package main

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/ioutil"
	"os"
	"strings"
	"time"

	"github.com/hashicorp/memberlist"
)

// options are the command-line flags. Timing flags are -1 when not given: the preset's value
// stays. Durations are in milliseconds.
type options struct {
	name, bind, advertise, preset, join                        string
	port, advertisePort                                        int
	keys                                                       string
	compression, quiet, exitOnEOF                              bool
	meta, metaB64, tags, tagsJSON, state                       string
	probeIntervalMs, probeTimeoutMs, gossipIntervalMs          int
	suspicionMult, suspicionMaxTimeoutMult, pushPullIntervalMs int
	deadReclaimMs, gossipToTheDeadMs, tcpTimeoutMs             int
	retransmitMult, indirectChecks, gossipNodes                int
	awarenessMaxMult, protocolVersion, leaveTimeoutMs          int
	delegateVersion, delegateMin, delegateMax                  int
	disableTCPPings, rebroadcast                               bool
}

func parseFlags(args []string, stderr io.Writer) (*options, error) {
	o := &options{}
	fs := flag.NewFlagSet("go-peer", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&o.name, "name", "", "node name (required, unique in the cluster)")
	fs.StringVar(&o.bind, "bind", "127.0.0.1", "bind address")
	fs.IntVar(&o.port, "port", 0, "bind port for UDP and TCP; 0 picks a free one (reported by the ready event)")
	fs.StringVar(&o.advertise, "advertise", "", "advertise address (default: the bind address)")
	fs.IntVar(&o.advertisePort, "advertise-port", 0, "advertise port (default: the bound port)")
	fs.StringVar(&o.join, "join", "", "host:port[,host:port...] to join after start")
	fs.StringVar(&o.preset, "preset", "local", "memberlist config preset: local|lan|wan")
	fs.StringVar(&o.keys, "keys", "", "keyring: base64 keys (16, 24 or 32 bytes), comma-separated; the first is primary")
	fs.BoolVar(&o.compression, "compression", true, "enable compression (memberlist EnableCompression)")
	fs.StringVar(&o.meta, "meta", "", "node meta as a raw string")
	fs.StringVar(&o.metaB64, "meta-b64", "", "node meta as base64 bytes")
	fs.StringVar(&o.tags, "tags", "", "node meta as Serf tags: k=v[,k=v...]")
	fs.StringVar(&o.tagsJSON, "tags-json", "", `node meta as Serf tags: a JSON object {"k":"v"}`)
	fs.StringVar(&o.state, "state-b64", "", "application state returned by LocalState (base64), sent in push-pull")
	fs.IntVar(&o.probeIntervalMs, "probe-interval-ms", -1, "ProbeInterval")
	fs.IntVar(&o.probeTimeoutMs, "probe-timeout-ms", -1, "ProbeTimeout")
	fs.IntVar(&o.gossipIntervalMs, "gossip-interval-ms", -1, "GossipInterval")
	fs.IntVar(&o.suspicionMult, "suspicion-mult", -1, "SuspicionMult")
	fs.IntVar(&o.suspicionMaxTimeoutMult, "suspicion-max-timeout-mult", -1, "SuspicionMaxTimeoutMult")
	fs.IntVar(&o.pushPullIntervalMs, "pushpull-interval-ms", -1, "PushPullInterval (0 disables periodic push-pull)")
	fs.IntVar(&o.deadReclaimMs, "dead-reclaim-ms", -1, "DeadNodeReclaimTime (0: a dead name is never reclaimed by a new address)")
	fs.IntVar(&o.gossipToTheDeadMs, "gossip-to-the-dead-ms", -1, "GossipToTheDeadTime")
	fs.IntVar(&o.tcpTimeoutMs, "tcp-timeout-ms", -1, "TCPTimeout")
	fs.IntVar(&o.retransmitMult, "retransmit-mult", -1, "RetransmitMult")
	fs.IntVar(&o.indirectChecks, "indirect-checks", -1, "IndirectChecks")
	fs.IntVar(&o.gossipNodes, "gossip-nodes", -1, "GossipNodes")
	fs.IntVar(&o.awarenessMaxMult, "awareness-max-mult", -1, "AwarenessMaxMultiplier")
	fs.IntVar(&o.protocolVersion, "protocol-version", -1, "ProtocolVersion")
	fs.IntVar(&o.delegateVersion, "delegate-protocol-version", -1, "DelegateProtocolVersion")
	fs.IntVar(&o.delegateMin, "delegate-protocol-min", -1, "DelegateProtocolMin")
	fs.IntVar(&o.delegateMax, "delegate-protocol-max", -1, "DelegateProtocolMax")
	fs.BoolVar(&o.disableTCPPings, "disable-tcp-pings", false, "DisableTcpPings")
	fs.BoolVar(&o.rebroadcast, "rebroadcast", false, "re-queue every received user message not seen before (Serf-style epidemic broadcast)")
	fs.IntVar(&o.leaveTimeoutMs, "leave-timeout-ms", 5000, "leave timeout used on SIGTERM/SIGINT")
	fs.BoolVar(&o.quiet, "quiet", false, "discard memberlist's log (otherwise it goes to stderr)")
	fs.BoolVar(&o.exitOnEOF, "exit-on-stdin-eof", true, "exit without leaving when stdin closes (the parent process is gone)")
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	if fs.NArg() > 0 {
		return nil, fmt.Errorf("unexpected arguments: %v", fs.Args())
	}
	if o.name == "" {
		return nil, errors.New("-name is required")
	}
	if o.port < 0 || o.port > 65535 {
		return nil, fmt.Errorf("-port %d out of range", o.port)
	}
	return o, nil
}

// initialMeta picks the node meta from the flags; at most one of them may be given.
func (o *options) initialMeta() ([]byte, error) {
	given := 0
	for _, s := range []string{o.meta, o.metaB64, o.tags, o.tagsJSON} {
		if s != "" {
			given++
		}
	}
	if given > 1 {
		return nil, errors.New("give at most one of -meta, -meta-b64, -tags, -tags-json")
	}
	switch {
	case o.meta != "":
		return []byte(o.meta), nil
	case o.metaB64 != "":
		return base64.StdEncoding.DecodeString(o.metaB64)
	case o.tags != "":
		tags, err := parseTagList(o.tags)
		if err != nil {
			return nil, err
		}
		return encodeTags(tags)
	case o.tagsJSON != "":
		tags := map[string]string{}
		if err := json.Unmarshal([]byte(o.tagsJSON), &tags); err != nil {
			return nil, fmt.Errorf("-tags-json: %v", err)
		}
		return encodeTags(tags)
	}
	return nil, nil
}

func ms(n int) time.Duration { return time.Duration(n) * time.Millisecond }

// memberlistConfig builds the memberlist configuration: the preset, then every override given.
func (o *options) memberlistConfig() (*memberlist.Config, error) {
	var c *memberlist.Config
	switch o.preset {
	case "local":
		c = memberlist.DefaultLocalConfig()
	case "lan":
		c = memberlist.DefaultLANConfig()
	case "wan":
		c = memberlist.DefaultWANConfig()
	default:
		return nil, fmt.Errorf("-preset %q: want local, lan or wan", o.preset)
	}
	c.Name = o.name
	c.BindAddr = o.bind
	c.BindPort = o.port
	c.AdvertiseAddr = o.advertise
	// With no explicit advertise address memberlist advertises the port it actually bound.
	c.AdvertisePort = o.port
	if o.advertisePort > 0 {
		c.AdvertisePort = o.advertisePort
	}
	c.EnableCompression = o.compression
	c.DisableTcpPings = o.disableTCPPings
	c.LogOutput = os.Stderr
	if o.quiet {
		c.LogOutput = ioutil.Discard
	}

	durations := []struct {
		v   int
		dst *time.Duration
	}{
		{o.probeIntervalMs, &c.ProbeInterval},
		{o.probeTimeoutMs, &c.ProbeTimeout},
		{o.gossipIntervalMs, &c.GossipInterval},
		{o.pushPullIntervalMs, &c.PushPullInterval},
		{o.deadReclaimMs, &c.DeadNodeReclaimTime},
		{o.gossipToTheDeadMs, &c.GossipToTheDeadTime},
		{o.tcpTimeoutMs, &c.TCPTimeout},
	}
	for _, d := range durations {
		if d.v >= 0 {
			*d.dst = ms(d.v)
		}
	}
	ints := []struct {
		v   int
		dst *int
	}{
		{o.suspicionMult, &c.SuspicionMult},
		{o.suspicionMaxTimeoutMult, &c.SuspicionMaxTimeoutMult},
		{o.retransmitMult, &c.RetransmitMult},
		{o.indirectChecks, &c.IndirectChecks},
		{o.gossipNodes, &c.GossipNodes},
		{o.awarenessMaxMult, &c.AwarenessMaxMultiplier},
	}
	for _, i := range ints {
		if i.v >= 0 {
			*i.dst = i.v
		}
	}
	versions := []struct {
		v   int
		dst *uint8
	}{
		{o.protocolVersion, &c.ProtocolVersion},
		{o.delegateVersion, &c.DelegateProtocolVersion},
		{o.delegateMin, &c.DelegateProtocolMin},
		{o.delegateMax, &c.DelegateProtocolMax},
	}
	for _, v := range versions {
		if v.v > 255 {
			return nil, fmt.Errorf("protocol version %d out of range", v.v)
		}
		if v.v >= 0 {
			*v.dst = uint8(v.v)
		}
	}

	if o.keys != "" {
		var keys [][]byte
		for _, k := range strings.Split(o.keys, ",") {
			key, err := base64.StdEncoding.DecodeString(k)
			if err != nil {
				return nil, fmt.Errorf("-keys: %q is not base64: %v", k, err)
			}
			keys = append(keys, key)
		}
		ring, err := memberlist.NewKeyring(keys[1:], keys[0])
		if err != nil {
			return nil, fmt.Errorf("-keys: %v", err)
		}
		c.Keyring = ring
	}
	return c, nil
}

// timing reports the effective timing so a test can see what the peer actually runs with.
func timing(c *memberlist.Config) event {
	return event{
		"probeIntervalMs":         c.ProbeInterval.Milliseconds(),
		"probeTimeoutMs":          c.ProbeTimeout.Milliseconds(),
		"gossipIntervalMs":        c.GossipInterval.Milliseconds(),
		"pushPullIntervalMs":      c.PushPullInterval.Milliseconds(),
		"suspicionMult":           c.SuspicionMult,
		"suspicionMaxTimeoutMult": c.SuspicionMaxTimeoutMult,
		"retransmitMult":          c.RetransmitMult,
		"indirectChecks":          c.IndirectChecks,
		"gossipNodes":             c.GossipNodes,
		"gossipToTheDeadMs":       c.GossipToTheDeadTime.Milliseconds(),
		"deadReclaimMs":           c.DeadNodeReclaimTime.Milliseconds(),
		"tcpTimeoutMs":            c.TCPTimeout.Milliseconds(),
		"compression":             c.EnableCompression,
		"encrypted":               c.Keyring != nil,
		"protocolVersion":         c.ProtocolVersion,
		"delegateProtocol":        []int{int(c.DelegateProtocolMin), int(c.DelegateProtocolMax), int(c.DelegateProtocolVersion)},
		"disableTcpPings":         c.DisableTcpPings,
	}
}
