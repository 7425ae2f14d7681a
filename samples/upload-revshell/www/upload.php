<?php /* legitimate: saves what it is given, checks nothing */
if (isset($_FILES['photo'])) {
	$to = __DIR__ . '/uploads/' . basename($_FILES['photo']['name']);
	move_uploaded_file($_FILES['photo']['tmp_name'], $to);
	echo "saved\n";
} else {
	echo "<form method=post enctype=multipart/form-data>" .
	    "<input type=file name=photo></form>\n";
}
