use strict; use warnings;
sub POE::Kernel::ASSERT_DEFAULT () { 1 }
use POE;
my @log;
sub L { push @log, join(" ", @_) }
sub run_it { my ($t, $c) = @_; @log = (); $c->(); eval { POE::Kernel->run; }; my $e = $@; $e =~ s/\n/\\n/g; $e =~ s/ at \S+ line \d+\.//g; print "$t: ", join(", ", @log), " | died=[$e]\n"; }
sub ses {
  my ($name, %h) = @_;
  POE::Session->create(inline_states => {
    _start => sub { L("start $name"); $h{start}->(@_) if $h{start}; },
    _stop => sub { L("stop $name"); $h{stop}->(@_) if $h{stop}; return "rv$name" },
    _child => sub { L("child $name $_[ARG0]") },
    _parent => sub { L("parent $name") },
    %{ $h{states} || {} },
  });
}
POE::Kernel->run;

# A whelan-dieprop: G child of C child of P; C's event dies; all watch DIE; P handles.
run_it("A", sub { ses("P", start => sub { $_[KERNEL]->sig(DIE => 'die');
   ses("C", start => sub { $_[KERNEL]->sig(DIE => 'die'); ses("G", start => sub { $_[KERNEL]->sig(DIE=>'die'); $_[KERNEL]->delay(t => 0.2) }, states => { die => sub { L("die G ".$_[ARG1]{event}." src=".($_[ARG1]{source_session}==$_[KERNEL]?"K":"S")) }, t => sub { L("t G") } }); $_[KERNEL]->yield('boom') },
     states => { boom => sub { L("boom C"); die "oops\n" }, die => sub { my $i=$_[ARG1]; L("die C $i->{event} err=$i->{error_str}"); L("from_state=".($i->{from_state}//'undef')); L("dest=".($i->{dest_session}==$_[SESSION]?"self":"other")); L("args=".scalar(@_[ARG0..$#_])); } }) },
   states => { die => sub { L("die P"); $_[KERNEL]->sig_handled } }) });

# B unhandled DIE: P with C, unrelated U with a timer. C's event dies. Nobody handles.
run_it("B", sub { ses("U", start => sub { $_[KERNEL]->delay(t => 0.5) }, states => { t => sub { L("t U") } });
  ses("P", start => sub { $_[KERNEL]->sig(DIE => 'die'); ses("C", start => sub { $_[KERNEL]->yield('boom'); $_[KERNEL]->delay(t=>0.5) }, states => { boom => sub { L("boom C"); die "oops\n" }, t=>sub{L("t C")} }) },
   states => { die => sub { L("die P") } }) });

# C die in DIE handler
run_it("C", sub { ses("P", start => sub { $_[KERNEL]->sig(DIE => 'die'); $_[KERNEL]->yield('boom') },
   states => { boom => sub { die "first\n" }, die => sub { L("die P"); die "second\n" } }) });

# D die in _stop
run_it("D", sub { ses("U", start => sub { $_[KERNEL]->delay(t => 0.5) }, states => { t => sub { L("t U") } }); ses("P", start => sub { $_[KERNEL]->sig(DIE => 'die'); }, stop => sub { die "in stop\n" }, states => { die => sub { L("die P") } }) });

# E call into a dying handler
run_it("E", sub { ses("Callee", start => sub { $_[KERNEL]->alias_set("callee"); $_[KERNEL]->sig(DIE => 'die') }, states => { boom => sub { L("boom"); die "called\n" }, die => sub { L("die Callee ".($_[ARG1]{source_session}->ID)); $_[KERNEL]->sig_handled } });
   ses("Caller", start => sub { $_[KERNEL]->sig(DIE => 'die'); $_[KERNEL]->yield('go') }, states => { go => sub { my $r = $_[KERNEL]->call(callee => 'boom'); L("call returned ".(defined $r ? $r : 'undef')." err=".($@//'')); L("after call"); $_[KERNEL]->alias_remove("callee") for (); $_[KERNEL]->post(callee => 'bye') }, die => sub { L("die Caller") } }) });

# F IDLE with alias; handled without new work -> ZOMBIE
run_it("F", sub { ses("A", start => sub { $_[KERNEL]->alias_set("a"); $_[KERNEL]->sig(IDLE => 'idle'); $_[KERNEL]->sig(ZOMBIE => 'zombie') }, states => { idle => sub { L("idle"); $_[KERNEL]->sig_handled }, zombie => sub { L("zombie"); $_[KERNEL]->sig_handled } }) });
# F2 IDLE handled with new work each time up to 2 times
my $n = 0;
run_it("F2", sub { $n=0; ses("A", start => sub { $_[KERNEL]->alias_set("a"); $_[KERNEL]->sig(IDLE => 'idle'); $_[KERNEL]->sig(ZOMBIE => 'zombie') }, states => { idle => sub { L("idle"); if ($n++ < 2) { $_[KERNEL]->yield('work'); $_[KERNEL]->sig_handled } }, work => sub { L("work") }, zombie => sub { L("zombie") } }) });
# F3 IDLE not handled, no watchers
run_it("F3", sub { ses("A", start => sub { $_[KERNEL]->alias_set("a"); ses("B", start => sub { $_[KERNEL]->alias_set("b") }) }) });
# F4 IDLE handled via delay in handler but no sig_handled
run_it("F4", sub { $n=0; ses("A", start => sub { $_[KERNEL]->alias_set("a"); $_[KERNEL]->sig(IDLE => 'idle'); }, states => { idle => sub { L("idle"); $_[KERNEL]->delay(work => 0.1) if $n++ < 1; }, work => sub { L("work") } }) });
# F5 IDLE handled but only adds a new sig watcher; zombie
run_it("F5", sub { $n=0; ses("A", start => sub { $_[KERNEL]->alias_set("a"); $_[KERNEL]->sig(IDLE => 'idle'); }, states => { idle => sub { L("idle"); $_[KERNEL]->sig_handled; }, }) });

# G die in _start
run_it("G", sub { ses("P", start => sub { $_[KERNEL]->sig(DIE => 'die'); ses("C", start => sub { L("C starting"); die "in start\n" }) ; L("after create") }, states => { die => sub { L("die P ".$_[ARG1]{event}); $_[KERNEL]->sig_handled } }) });
# G2 die in _start unhandled
run_it("G2", sub { ses("P", start => sub { die "in start\n" }) });
# H die in a signal handler
run_it("H", sub { ses("P", start => sub { $_[KERNEL]->sig(DIE => 'die'); $_[KERNEL]->sig(foo => 'foo'); $_[KERNEL]->signal($_[SESSION], 'foo') }, states => { foo => sub { L("foo"); die "in foo\n" }, die => sub { L("die P ".$_[ARG1]{event}); $_[KERNEL]->sig_handled } }) });
# I die in _child handler
run_it("I", sub { POE::Session->create(inline_states => { _start => sub { $_[KERNEL]->sig(DIE => 'die'); ses("C") }, _child => sub { L("child $_[ARG0]"); die "in child\n" if $_[ARG0] eq 'create' }, die => sub { L("die P ".$_[ARG1]{event}); $_[KERNEL]->sig_handled }, _stop => sub { L("stop P") } }) });
# J die with sig extra args
run_it("J", sub { ses("P", start => sub { $_[KERNEL]->sig(DIE => 'die', 'x1', 'x2'); $_[KERNEL]->yield('boom') }, states => { boom => sub { die "e\n" }, die => sub { L("die args=".join("|", map { ref $_ ? 'REF' : $_ } @_[ARG0..$#_])); $_[KERNEL]->sig_handled } }) });
# K DIE handled by child only (descendant): P dies, its child C handles.
run_it("K", sub { ses("P", start => sub { ses("C", start => sub { $_[KERNEL]->sig(DIE => 'die'); $_[KERNEL]->delay(t=>0.1) }, states => { die => sub { L("die C"); $_[KERNEL]->sig_handled }, t=>sub{L("t C")} }); $_[KERNEL]->yield('boom') }, states => { boom => sub { die "e\n" } }) });
# L unhandled DIE: sessions without watcher, order of stops, with a sibling tree
run_it("L", sub { ses("R", start => sub { ses("S1", start => sub { $_[KERNEL]->delay(t=>1) }); ses("S2", start => sub { ses("S2a", start => sub { $_[KERNEL]->delay(t=>1) }); $_[KERNEL]->yield('boom') }, states => { boom => sub { die "e\n" } }) }) });
