package main

import (
	"fmt"
	"sync"

	"github.com/hashicorp/memberlist"
)

// delegate is our memberlist.Delegate: node meta, user messages, user broadcasts and a small
// piece of application state exchanged by push-pull.
type delegate struct {
	out   *output
	queue *memberlist.TransmitLimitedQueue
	// seen is set with -rebroadcast: received payloads not seen before are queued again.
	seen *seenSet

	mu    sync.Mutex
	meta  []byte
	state []byte
}

func (d *delegate) setMeta(meta []byte) error {
	if len(meta) > memberlist.MetaMaxSize {
		return fmt.Errorf("meta is %d bytes, memberlist allows at most %d", len(meta), memberlist.MetaMaxSize)
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	d.meta = append([]byte(nil), meta...)
	return nil
}

func (d *delegate) setState(state []byte) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.state = append([]byte(nil), state...)
}

// NodeMeta never returns more than limit bytes: setMeta already refused anything longer than
// MetaMaxSize, and memberlist always asks with that limit.
func (d *delegate) NodeMeta(limit int) []byte {
	d.mu.Lock()
	defer d.mu.Unlock()
	if len(d.meta) > limit {
		return nil
	}
	return append([]byte(nil), d.meta...)
}

// NotifyMsg receives user messages: best-effort (packet), reliable (stream) and gossiped user
// broadcasts all arrive here, indistinguishable, and without the sender's identity.
func (d *delegate) NotifyMsg(msg []byte) {
	d.out.emit(event{"event": "message", "payload": b64(msg)})
	if d.seen != nil && d.seen.add(msg) {
		d.queue.QueueBroadcast(&userBroadcast{msg: append([]byte(nil), msg...)})
	}
}

// broadcast queues an application broadcast of ours.
func (d *delegate) broadcast(msg []byte) {
	if d.seen != nil {
		d.seen.add(msg)
	}
	d.queue.QueueBroadcast(&userBroadcast{msg: msg})
}

func (d *delegate) GetBroadcasts(overhead, limit int) [][]byte {
	return d.queue.GetBroadcasts(overhead, limit)
}

func (d *delegate) LocalState(join bool) []byte {
	d.mu.Lock()
	defer d.mu.Unlock()
	return append([]byte(nil), d.state...)
}

// MergeRemoteState is only called by memberlist when the remote state is non-empty.
func (d *delegate) MergeRemoteState(buf []byte, join bool) {
	d.out.emit(event{"event": "remote-state", "join": join, "payload": b64(buf)})
}

// userBroadcast is one application broadcast; it never invalidates another, so every queued
// payload is sent (RetransmitMult × ⌈log10(N+1)⌉ times).
type userBroadcast struct {
	msg []byte
}

func (b *userBroadcast) Invalidates(memberlist.Broadcast) bool { return false }
func (b *userBroadcast) Message() []byte                       { return b.msg }
func (b *userBroadcast) Finished()                             {}

// events is our memberlist.EventDelegate. memberlist calls it with its node lock held, so it
// must not call back into the Memberlist; it only prints.
type events struct {
	out  *output
	self string
}

func (e *events) notify(kind string, n *memberlist.Node) {
	f := nodeFields(n)
	f["event"] = kind
	if n.Name == e.self {
		f["self"] = true
	}
	e.out.emit(f)
}

func (e *events) NotifyJoin(n *memberlist.Node)   { e.notify("join", n) }
func (e *events) NotifyLeave(n *memberlist.Node)  { e.notify("leave", n) }
func (e *events) NotifyUpdate(n *memberlist.Node) { e.notify("update", n) }

// conflicts is our memberlist.ConflictDelegate: another node claims a live member's name from a
// different address. memberlist ignores the claim; we print it. Only existing is memberlist's own
// record (other is a bare Node built for the call), so only existing goes through nodeFields.
type conflicts struct {
	out *output
}

func (c *conflicts) NotifyConflict(existing, other *memberlist.Node) {
	c.out.emit(event{
		"event":    "conflict",
		"name":     existing.Name,
		"existing": nodeFields(existing),
		"other":    other.Address(),
	})
}
