use strict; use warnings;
sub POE::Kernel::ASSERT_DEFAULT () { 1 }
use POE;
my @log;
sub mk {
  my ($name, %o) = @_;
  POE::Session->create(inline_states => {
    _start => sub {
      push @log, "enter_start $name";
      $_[KERNEL]->sig(foo => 'foo') if $o{sigfoo};
      $_[KERNEL]->sig(TERM => 'TERM') if $o{sigterm};
      $o{child}->() if $o{child};
      $_[KERNEL]->signal($_[SESSION], $o{send}) if $o{send};
      $_[KERNEL]->delay(bar => $o{delay}) if $o{delay};
      push @log, "leave_start $name";
    },
    _child => sub { push @log, "child $name $_[ARG0]" },
    _stop => sub { push @log, "stop $name" },
    foo => sub { push @log, "foo $name" },
    _default => sub { push @log, "default $name $_[ARG0]"; return },
  });
}
sub run_it { my ($t, $c) = @_; @log = (); $c->(); POE::Kernel->run; print "$t: ", join(", ", @log), "\n"; }
POE::Kernel->run; # silence warning
run_it("01", sub { mk("P", sigfoo=>1, send=>'foo') });
run_it("02", sub { mk("P", sigfoo=>1, send=>'foo', child=>sub{ mk("C", delay=>0.1) }) });
run_it("03", sub { mk("P", sigfoo=>1, send=>'foo', child=>sub{ mk("C", sigfoo=>1, delay=>0.1) }) });
run_it("04", sub { mk("P", sigterm=>1, send=>'TERM', child=>sub{ mk("C", sigterm=>1, delay=>1) }) });
run_it("05", sub { mk("P", send=>'TERM', child=>sub{ mk("C", delay=>1) }) });
run_it("06", sub { mk("P", send=>'TERM', child=>sub{ mk("C", sigterm=>1, child=>sub { mk("G", delay=>1) }) }) });
run_it("07", sub { mk("P", send=>'TERM', child=>sub{ mk("C", child=>sub { mk("G", delay=>1) }) }) });
