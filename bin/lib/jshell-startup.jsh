// Imports for bin/jshell: the toolkit's API packages (the same list a notebook's Java cells get).
import java.util.*;
import java.util.function.*;
import java.util.stream.*;
import java.time.*;
import java.net.*;
import dev.tcpstep.checksum.*;
import dev.tcpstep.codec.*;
import dev.tcpstep.statemachine.*;
import dev.tcpstep.link.*;
