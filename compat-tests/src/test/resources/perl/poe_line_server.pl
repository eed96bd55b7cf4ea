#!/usr/bin/perl
# A POE::Component::Server::TCP peer for PerlPoeInteropTest (written for this project).
# Usage: perl poe_line_server.pl PORT   (0: any free port; the port is printed first)
# Serves one client on 127.0.0.1 with the Line filter, prints one line per event on stdout,
# then stops. What it does with a line:
#   "hello ..."  replies "echo: hello ..."
#   "half ..."   records it and replies nothing (the client half-closes after these)
#   "quit"       replies "bye", then shuts the connection down once that is flushed
#   "reset you"  sets SO_LINGER 0 and closes: the client sees a reset
use strict;
use warnings;
use Socket qw(SOL_SOCKET SO_LINGER sockaddr_in);
use Errno qw(ECONNRESET);
use POE qw(Component::Server::TCP);

$| = 1;
my $port = shift @ARGV;
defined $port or die "usage: $0 PORT\n";
$SIG{ALRM} = sub { print "watchdog\n"; exit 2 };
alarm 30;

sub errname { my $n = shift; return $n == 0 ? 'EOF' : $n == ECONNRESET ? 'ECONNRESET' : "errno$n" }

POE::Component::Server::TCP->new(
  Address => '127.0.0.1',
  Port    => $port,
  Alias   => 'server',
  Started => sub {
    my ($bound) = sockaddr_in($_[HEAP]{listener}->getsockname);
    print "listening $bound\n";
  },
  ClientConnected => sub { print "connected\n" },
  ClientInput     => sub {
    my ($heap, $line) = @_[HEAP, ARG0];
    print "input $line\n";
    if ($line =~ /^hello/) {
      $heap->{client}->put("echo: $line");
    } elsif ($line eq 'quit') {
      $heap->{client}->put('bye');
      $_[KERNEL]->yield('shutdown');
    } elsif ($line eq 'reset you') {
      setsockopt($heap->{client}->get_input_handle, SOL_SOCKET, SO_LINGER, pack('ii', 1, 0))
        or die "SO_LINGER: $!";
      print "resetting\n";
      $_[KERNEL]->yield('shutdown');
    }
  },
  ClientFlushed => sub { print "flushed\n" },
  ClientError   => sub {
    my ($op, $errnum) = @_[ARG0, ARG1];
    print "error $op ", errname($errnum), "\n";
  },
  ClientDisconnected => sub {
    print "disconnected\n";
    $_[KERNEL]->post(server => 'shutdown');
  },
);

POE::Kernel->run();
print "done\n";
exit 0;
