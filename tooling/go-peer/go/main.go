// Command go-peer runs one hashicorp/memberlist node for Ring's interop tests.
//
// It is configured from flags (see config.go), prints one JSON event per line on stdout, reads
// one JSON command per line on stdin (see commands.go) and logs to stderr. The protocol between
// this program and packages/swim/test/interop/harness.ts is documented in ../README.md.
//
// Exit codes: 0 after a graceful leave (the "leave" command, SIGTERM or SIGINT) or when stdin
// closes; 1 after the "kill" command (a crash: no leave is sent) or when the node cannot start;
// 2 for bad flags.
package main

import (
	"bufio"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/hashicorp/memberlist"
)

// peer ties the memberlist node to our delegates and the command loop.
type peer struct {
	out       *output
	opts      *options
	list      *memberlist.Memberlist
	delegate  *delegate
	queue     *memberlist.TransmitLimitedQueue
	sink      *counterSink
	leaveOnce sync.Once
	watchOnce sync.Once
}

func main() {
	out := newOutput(os.Stdout)
	opts, err := parseFlags(os.Args[1:], os.Stderr)
	if err != nil {
		out.emitError(nil, "start", err)
		os.Exit(2)
	}
	// Catch signals before start prints the ready event: a SIGTERM sent right after ready must
	// still mean a graceful leave, not Go's default exit.
	signals := make(chan os.Signal, 1)
	signal.Notify(signals, syscall.SIGTERM, syscall.SIGINT)
	p, err := start(out, opts)
	if err != nil {
		out.emitError(nil, "start", err)
		os.Exit(1)
	}

	go func() {
		<-signals
		p.leaveAndExit(nil, ms(opts.leaveTimeoutMs))
	}()

	commands := make(chan command, 64)
	go p.serve(commands)
	p.readCommands(commands)
	if opts.exitOnEOF {
		fmt.Fprintln(os.Stderr, "go-peer: stdin closed, exiting without leave")
		os.Exit(0)
	}
	select {} // the signal handler exits
}

// start creates the memberlist node, joins the -join seeds and prints the ready event.
func start(out *output, opts *options) (*peer, error) {
	meta, err := opts.initialMeta()
	if err != nil {
		return nil, err
	}
	conf, err := opts.memberlistConfig()
	if err != nil {
		return nil, err
	}
	state, err := decodeB64("-state-b64", opts.state)
	if err != nil {
		return nil, err
	}

	// GetBroadcasts may run as soon as Create starts gossiping, before Create returns: the queue
	// must exist first, and its cluster size is read through an atomic pointer.
	var created atomic.Pointer[memberlist.Memberlist]
	queue := &memberlist.TransmitLimitedQueue{
		RetransmitMult: conf.RetransmitMult,
		NumNodes: func() int {
			if l := created.Load(); l != nil {
				return l.NumMembers()
			}
			return 1
		},
	}
	d := &delegate{out: out, queue: queue}
	if opts.rebroadcast {
		d.seen = newSeenSet(4096)
	}
	if err := d.setMeta(meta); err != nil {
		return nil, err
	}
	d.setState(state)
	conf.Delegate = d
	conf.Events = &events{out: out, self: opts.name}
	conf.Conflict = &conflicts{out: out}

	sink := installCounterSink()
	list, err := memberlist.Create(conf)
	if err != nil {
		return nil, err
	}
	created.Store(list)
	p := &peer{out: out, opts: opts, list: list, delegate: d, queue: queue, sink: sink}

	joined := 0
	if opts.join != "" {
		joined, err = list.Join(strings.Split(opts.join, ","))
		if err != nil {
			out.emitError(nil, "join", err)
		}
	}
	self := list.LocalNode()
	out.emit(event{
		"event":       "ready",
		"name":        self.Name,
		"addr":        self.Addr.String(),
		"port":        self.Port,
		"joined":      joined,
		"config":      timing(conf),
		"rebroadcast": opts.rebroadcast,
	})
	return p, nil
}

// leaveAndExit leaves gracefully (waiting at most timeout for the leave broadcast), prints
// {"event":"left"} and exits 0. Only the first caller runs it; the process is gone after that.
func (p *peer) leaveAndExit(id interface{}, timeout time.Duration) {
	p.leaveOnce.Do(func() {
		if err := p.list.Leave(timeout); err != nil {
			p.out.emitError(id, "leave", err)
		}
		e := event{"event": "left"}
		if id != nil {
			e["id"] = id
		}
		p.out.emit(e)
		if err := p.list.Shutdown(); err != nil {
			fmt.Fprintf(os.Stderr, "go-peer: shutdown: %v\n", err)
		}
		os.Exit(0)
	})
}

// readCommands feeds stdin lines to the command loop until EOF. "kill" is handled here, at
// once, so that a crash can be simulated even while a slow command (join, leave) is running.
func (p *peer) readCommands(commands chan<- command) {
	scanner := bufio.NewScanner(os.Stdin)
	scanner.Buffer(make([]byte, 64*1024), 16*1024*1024)
	for scanner.Scan() {
		line := strings.TrimSpace(scanner.Text())
		if line == "" {
			continue
		}
		c, err := parseCommand(line)
		if err != nil {
			p.out.emitError(nil, "", err)
			continue
		}
		if c.Cmd == "kill" {
			fmt.Fprintln(os.Stderr, "go-peer: kill: exiting without leave")
			os.Exit(1)
		}
		commands <- c
	}
	if err := scanner.Err(); err != nil {
		fmt.Fprintf(os.Stderr, "go-peer: reading stdin: %v\n", err)
	}
}
