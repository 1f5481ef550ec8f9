package main

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/hashicorp/memberlist"
)

// command is one stdin line. Every command may carry an "id" (any JSON value); the answer (an
// "ok", "members" or "error" event, or "left" for leave) echoes it so callers can match replies.
type command struct {
	ID        interface{}       `json:"id"`
	Cmd       string            `json:"cmd"`
	Addrs     []string          `json:"addrs"`
	To        string            `json:"to"`
	Addr      string            `json:"addr"`
	Payload   string            `json:"payload"`
	Reliable  bool              `json:"reliable"`
	Tags      map[string]string `json:"tags"`
	Meta      *string           `json:"meta"`
	TimeoutMs *int              `json:"timeoutMs"`
}

func parseCommand(line string) (command, error) {
	var c command
	if err := json.Unmarshal([]byte(line), &c); err != nil {
		return c, fmt.Errorf("bad command %q: %v", line, err)
	}
	if c.Cmd == "" {
		return c, fmt.Errorf("bad command %q: no \"cmd\"", line)
	}
	return c, nil
}

func decodeB64(what, s string) ([]byte, error) {
	b, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		return nil, fmt.Errorf("%s is not base64: %v", what, err)
	}
	return b, nil
}

// serve runs commands one at a time, in arrival order.
func (p *peer) serve(commands <-chan command) {
	for c := range commands {
		reply, err := p.run(c)
		if err != nil {
			p.out.emitError(c.ID, c.Cmd, err)
			continue
		}
		if reply == nil {
			reply = event{"event": "ok"}
		}
		reply["cmd"] = c.Cmd
		if c.ID != nil {
			reply["id"] = c.ID
		}
		p.out.emit(reply)
	}
}

func (p *peer) timeout(c command, defaultMs int) int {
	if c.TimeoutMs != nil {
		return *c.TimeoutMs
	}
	return defaultMs
}

func (p *peer) run(c command) (event, error) {
	switch c.Cmd {
	case "members":
		members := []event{}
		for _, n := range p.list.Members() {
			members = append(members, nodeFields(n))
		}
		return event{
			"event":      "members",
			"members":    members,
			"numMembers": p.list.NumMembers(),
			"health":     p.list.GetHealthScore(),
		}, nil

	case "join":
		if len(c.Addrs) == 0 {
			return nil, errors.New("join needs \"addrs\"")
		}
		n, err := p.list.Join(c.Addrs)
		if err != nil {
			return nil, err
		}
		return event{"event": "ok", "joined": n}, nil

	case "send":
		msg, err := decodeB64("payload", c.Payload)
		if err != nil {
			return nil, err
		}
		if c.To == "" {
			// No member name: a best-effort packet to a bare address, like SendToAddress.
			if c.Addr == "" || c.Reliable {
				return nil, errors.New("send needs \"to\" (a member name), or \"addr\" without \"reliable\"")
			}
			return nil, p.list.SendToAddress(memberlist.Address{Addr: c.Addr}, msg)
		}
		node := p.member(c.To)
		if node == nil {
			return nil, fmt.Errorf("no live member named %q", c.To)
		}
		if c.Reliable {
			return nil, p.list.SendReliable(node, msg)
		}
		return nil, p.list.SendBestEffort(node, msg)

	case "broadcast":
		msg, err := decodeB64("payload", c.Payload)
		if err != nil {
			return nil, err
		}
		p.delegate.broadcast(msg)
		return event{"event": "ok", "queued": p.queue.NumQueued()}, nil

	case "meta":
		var meta []byte
		var err error
		switch {
		case c.Tags != nil && c.Meta != nil:
			return nil, errors.New("meta takes \"tags\" or \"meta\", not both")
		case c.Tags != nil:
			meta, err = encodeTags(c.Tags)
		case c.Meta != nil:
			meta, err = decodeB64("meta", *c.Meta)
		default:
			return nil, errors.New("meta needs \"tags\" (object) or \"meta\" (base64)")
		}
		if err != nil {
			return nil, err
		}
		if err := p.delegate.setMeta(meta); err != nil {
			return nil, err
		}
		return nil, p.list.UpdateNode(ms(p.timeout(c, 5000)))

	case "state":
		state, err := decodeB64("payload", c.Payload)
		if err != nil {
			return nil, err
		}
		p.delegate.setState(state)
		return nil, nil

	case "metrics":
		return event{"event": "metrics", "counters": p.sink.snapshot()}, nil

	case "watch":
		interval := p.timeout(c, 10)
		if interval <= 0 {
			return nil, errors.New("watch needs \"timeoutMs\" > 0 (the poll interval)")
		}
		p.watchOnce.Do(func() { go p.watchStates(ms(interval)) })
		return nil, nil

	case "leave":
		p.leaveAndExit(c.ID, ms(p.timeout(c, p.opts.leaveTimeoutMs)))
		return nil, nil // not reached: leaveAndExit exits
	}
	return nil, fmt.Errorf("unknown command %q", c.Cmd)
}

// member finds a live member by name.
func (p *peer) member(name string) *memberlist.Node {
	for _, n := range p.list.Members() {
		if n.Name == name {
			return n
		}
	}
	return nil
}
