#!/usr/bin/perl
# A POE::Component::Client::TCP peer for PerlPoeInteropTest (written for this project).
# Usage: perl poe_line_client.pl PORT MODE
# Connects to 127.0.0.1:PORT with the Line filter and prints one line per event on stdout.
#   lines      sends "hello 1", "hello 2", "quit"; expects echoes, "bye", then the server's close
#   halfclose  sends "half 1", "half 2", "half 3", then shuts its output down once flushed
#              and keeps reading until the server closes
#   reset      sends "reset me", then sets SO_LINGER 0 and closes once flushed (a reset)
#   resetme    sends "reset you" and waits for the server's reset
use strict;
use warnings;
use Socket qw(SOL_SOCKET SO_LINGER);
use Errno qw(ECONNRESET);
use POE qw(Component::Client::TCP);

$| = 1;
my ($port, $mode) = @ARGV;
defined $mode or die "usage: $0 PORT MODE\n";
$SIG{ALRM} = sub { print "watchdog\n"; exit 2 };
alarm 30;

sub errname { my $n = shift; return $n == 0 ? 'EOF' : $n == ECONNRESET ? 'ECONNRESET' : "errno$n" }

my %send = (
  lines     => ['hello 1', 'hello 2', 'quit'],
  halfclose => ['half 1', 'half 2', 'half 3'],
  reset     => ['reset me'],
  resetme   => ['reset you'],
);
die "unknown mode $mode\n" unless $send{$mode};

POE::Component::Client::TCP->new(
  RemoteAddress => '127.0.0.1',
  RemotePort    => $port,
  Connected     => sub {
    print "connected\n";
    $_[HEAP]{server}->put(@{ $send{$mode} });
  },
  ConnectError  => sub { print "connect error $_[ARG0] $_[ARG1]\n" },
  ServerInput   => sub { print "input $_[ARG0]\n" },
  ServerFlushed => sub {
    print "flushed\n";
    if ($mode eq 'halfclose' and not $_[HEAP]{half_closed}++) {
      $_[HEAP]{server}->shutdown_output();
      print "shutdown_output\n";
    } elsif ($mode eq 'reset') {
      setsockopt($_[HEAP]{server}->get_input_handle, SOL_SOCKET, SO_LINGER, pack('ii', 1, 0))
        or die "SO_LINGER: $!";
      print "resetting\n";
      $_[KERNEL]->yield('shutdown');
    }
  },
  ServerError  => sub { print "error $_[ARG0] ", errname($_[ARG1]), "\n" },
  Disconnected => sub { print "disconnected\n" },
);

POE::Kernel->run();
print "done\n";
exit 0;
