<?php $n = (int)($_GET['item'] ?? 0); echo "added item $n\n";
