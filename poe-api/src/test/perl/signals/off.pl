BEGIN { sub POE::Kernel::CATCH_EXCEPTIONS () { 0 } }
use POE;
my @log; sub L { push @log, "@_" }
POE::Session->create(inline_states => { _start => sub { L("start"); $_[KERNEL]->yield('death'); $_[KERNEL]->yield('next'); $_[KERNEL]->sig(DIE=>'die') },
 _stop => sub { L("stop") }, death => sub { L("death"); die "OMG\n" }, next => sub { L("next") }, die => sub { L("die") } });
POE::Session->create(inline_states => { _start => sub { L("start2"); $_[KERNEL]->delay(t=>0.3) }, _stop => sub { L("stop2") }, t => sub { L("t2") } });
eval { POE::Kernel->run(); }; L("died $@");
L("rerun"); eval { POE::Kernel->run(); }; L("died2 $@");
print join(", ", @log), "\n";
