package main

import (
	"time"
	"unsafe"

	"github.com/hashicorp/memberlist"
)

// memberlist 0.2.2 never writes Node.State: its private nodeState embeds Node and keeps the real
// state in a field of its own that shadows it, so every *Node handed to delegates (and returned
// by Members and LocalNode) says StateAlive, even in NotifyLeave. Every such *Node is the first
// field of a nodeState (&state.Node in state.go and memberlist.go), so we read the real state
// through a copy of that struct's layout. The layout is 0.2.2's, the version Debian ships and
// these tests build against; an out-of-range value falls back to Node.State.
type nodeStateLayout struct {
	memberlist.Node
	Incarnation uint32
	State       memberlist.NodeStateType
	StateChange time.Time
}

// realState returns the member's state and incarnation as memberlist itself tracks them.
func realState(n *memberlist.Node) (memberlist.NodeStateType, uint32) {
	s := (*nodeStateLayout)(unsafe.Pointer(n))
	if s.State < memberlist.StateAlive || s.State > memberlist.StateLeft {
		return n.State, 0
	}
	return s.State, s.Incarnation
}
