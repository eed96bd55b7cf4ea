use strict; use warnings;
use POE;
my @log;
sub L { push @log, join(" ", @_) }
sub run_it { my ($t, $c) = @_; @log = (); $c->(); eval { POE::Kernel->run; }; my $e = $@; $e =~ s/\n/\\n/g; $e =~ s/ at \S+ line \d+\.//g; print "$t: ", join(", ", @log), " | died=[$e]\n"; }
sub ses {
  my ($name, %h) = @_;
  POE::Session->create(inline_states => {
    _start => sub { L("start $name"); $h{start}->(@_) if $h{start}; },
    ($h{nostop} ? () : (_stop => sub { L("stop $name"); $h{stop}->(@_) if $h{stop}; return "rv$name" })),
    _child => sub { L("child $name $_[ARG0]") },
    %{ $h{states} || {} },
  });
}
POE::Kernel->run;
# C2: child's DIE handler throws; parent handles
run_it("C2", sub { ses("P", start => sub { $_[KERNEL]->sig(DIE => 'die'); ses("C", start => sub { $_[KERNEL]->sig(DIE => 'die'); $_[KERNEL]->yield('boom'); $_[KERNEL]->delay(t=>0.2) }, states => { boom => sub { die "first\n" }, die => sub { L("die C"); die "second\n" }, t=>sub{L("t C")} }) }, states => { die => sub { L("die P"); $_[KERNEL]->sig_handled } }) });
# C3: child's DIE handler throws; parent doesn't handle
run_it("C3", sub { ses("P", start => sub { $_[KERNEL]->sig(DIE => 'die'); ses("C", start => sub { $_[KERNEL]->sig(DIE => 'die'); $_[KERNEL]->yield('boom'); $_[KERNEL]->delay(t=>0.2) }, states => { boom => sub { die "first\n" }, die => sub { L("die C"); die "second\n" }, t=>sub{L("t C")} }) }, states => { die => sub { L("die P"); } }) });
# M: stop() then die inside a handler
run_it("M", sub { ses("P", start => sub { $_[KERNEL]->yield('go') }, states => { go => sub { L("go"); $_[KERNEL]->stop; L("after stop"); die "after stop\n" } }) });
# N: DIE watched with event that has no handler -> _default
run_it("N", sub { POE::Session->create(inline_states => { _start => sub { $_[KERNEL]->sig(DIE => 'nohandler'); $_[KERNEL]->yield('boom') }, boom => sub { die "x\n" }, _default => sub { L("default $_[ARG0]"); $_[KERNEL]->sig_handled; return } , _stop => sub { L("stop") } }) });
# N2: _default for DIE throws
run_it("N2", sub { POE::Session->create(inline_states => { _start => sub { $_[KERNEL]->sig(DIE => 'nohandler'); $_[KERNEL]->yield('boom') }, boom => sub { die "x\n" }, _default => sub { L("default $_[ARG0]"); die "in default\n" if $_[ARG0] eq 'nohandler'; return } , _stop => sub { L("stop") } }) });
# O: _stop via _default throws
run_it("O", sub { POE::Session->create(inline_states => { _start => sub { L("start") }, _default => sub { L("default $_[ARG0]"); die "in default $_[ARG0]\n"; } }) });
# Q: catch-off analogue absent; S: signal to unknown session, signal return values
run_it("S", sub { ses("P", start => sub { my $r = $_[KERNEL]->signal("nosuch", "foo"); L("ret=".($r?1:0)." errno=".($!+0)); $r = $_[KERNEL]->signal($_[KERNEL], "foo"); L("ret=".($r?1:0)) }) });
# T: sig args order: signal args then sig extra args; sender is kernel
run_it("T", sub { ses("P", start => sub { $_[KERNEL]->sig(foo => 'foo', 'e1'); $_[KERNEL]->signal($_[SESSION], 'foo', 'a1', 'a2') }, states => { foo => sub { L("foo ".join("|", @_[ARG0..$#_])." sender=".($_[SENDER] == $_[KERNEL] ? 'K' : 'S')) } }) });
# U: signal to kernel reaches all roots (sorted)
run_it("U", sub { for my $n (qw(A B)) { ses($n, start => sub { $_[KERNEL]->sig(foo => 'foo'); ses("$n.c", start => sub { $_[KERNEL]->sig(foo=>'foo') }, states => { foo => sub { L("foo $n.c") } }); }, states => { foo => sub { L("foo $n") } }) } $poe_kernel->signal($poe_kernel, 'foo'); });
# V: sig removal in handler; re-register replaces
run_it("V", sub { ses("P", start => sub { $_[KERNEL]->sig(foo => 'foo1'); $_[KERNEL]->sig(foo => 'foo2'); $_[KERNEL]->signal($_[SESSION], 'foo'); $_[KERNEL]->yield('x') }, states => { foo1 => sub { L("foo1") }, foo2 => sub { L("foo2"); $_[KERNEL]->sig('foo'); $_[KERNEL]->signal($_[SESSION], 'foo') }, x => sub { L("x") } }) });
# W: signal to a session: do ancestors get non-DIE signals? no. Signal to child C: P watches too.
run_it("W", sub { ses("P", start => sub { $_[KERNEL]->sig(TERM => 'term'); my $c = ses("C", start => sub { $_[KERNEL]->delay(t=>0.3) }, states => { t => sub { L("t C") } }); $_[KERNEL]->signal($c, 'TERM'); $_[KERNEL]->delay(t=>0.1) }, states => { term => sub { L("term P") }, t => sub { L("t P") } }) });
# X: sig_handled outside of signal
run_it("X", sub { ses("P", start => sub { my $r = $_[KERNEL]->sig_handled; L("sh ".(defined $r ? $r : 'undef')) }) });
# Y: IDLE with only extra refcount: no IDLE
# Z: DIE handled; the dying session stays (it has a timer)
run_it("Z", sub { ses("P", start => sub { $_[KERNEL]->sig(DIE => 'die'); $_[KERNEL]->yield('boom'); $_[KERNEL]->yield('after') }, states => { boom => sub { L("boom"); die "x\n" }, after => sub { L("after") }, die => sub { L("die"); $_[KERNEL]->sig_handled } }) });
